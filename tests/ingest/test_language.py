"""Language identification: English prose stays English; other languages are still recognised."""
import pytest

from dateline.ingest.language import identify_language


@pytest.mark.issue(18)
@pytest.mark.parametrize("text, declared, expected", [
    # names of Philippine places and people pull py3langid to Bikol (0.85, 0.69); the function words are English
    ("Senator Ronald dela Rosa and Bong Go of the PDP-Laban party met Mayor Sara Duterte-Carpio in Davao City, then "
     "flew to Cagayan de Oro and Zamboanga with Bongbong Marcos of the Partido Federal ng Pilipinas.", None, "en"),
    ("Barangay captain Ernesto Magbanua of Barangay Bagong Silang in Caloocan said the Bayanihan sa Barangay program "
     "in Tondo and Sampaloc was stopped by the Manila mayor on Thursday.", None, "en"),
    ("Sinabi ng pangulo na ang mga tao ay dapat manatili sa kanilang mga tahanan habang may bagyo sa Luzon at "
     "Mindanao ngayong linggo, ayon sa PAGASA.", None, "tl"),
    ("El presidente dijo el lunes que las conversaciones en Manila seguirán adelante según lo previsto y que el "
     "gobierno apoya el acuerdo con los socios.", None, "es"),
    ("Der Präsident sagte am Montag, dass die Gespräche in Manila wie geplant fortgesetzt werden.", "de-DE", "de"),
    # too short to judge: the input's own declaration wins
    ("Marcos, Duterte to meet", "en", "en"),
])
def test_language_identification(text, declared, expected):
    assert identify_language(text, declared=declared) == expected
