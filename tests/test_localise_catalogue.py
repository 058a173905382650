"""UI strings read without a request: portal.localise.catalogue, as the VIN and version messages use it.

The pages, the JSON API and ``ota-portal ask`` share these messages, and the
assistant builds them outside any request, so they must come out of the
compiled catalogue whole, in Chinese, with no Flask app running.
"""

from __future__ import annotations

from portal.localise import catalogue
from portal.vehicles import owner_version
from portal.vehicles.messages import WHERE_TO_FIND, error_message, where_to_find
from portal.vehicles.vin import CHECK_DIGIT_MISMATCH, INVALID_CHARACTERS


def test_the_chinese_catalogue_is_read_without_an_app():
    assert catalogue("zh").gettext(WHERE_TO_FIND) == "车辆识别代号（VIN）可在前挡风玻璃左下角、驾驶员侧门柱或行驶证上找到。"
    assert catalogue("en").gettext(WHERE_TO_FIND) == WHERE_TO_FIND  # English is the msgid itself


def test_a_language_the_portal_does_not_speak_gets_english():
    assert where_to_find("fr") == WHERE_TO_FIND
    assert owner_version.where_to_find("tesla", "fr") == "On the touchscreen, tap Controls › Software."


def test_chinese_sentences_are_joined_without_spaces_and_english_ones_with_one():
    zh = error_message(INVALID_CHARACTERS, "zh", position=3, character="O", suggestion="0")
    assert zh == ("第 3 位（“O”）不能出现在 VIN 中：VIN 只使用数字 0-9 和除 I、O、Q 以外的字母。"
                  "您是否想输入“0”？车辆识别代号（VIN）可在前挡风玻璃左下角、驾驶员侧门柱或行驶证上找到。")
    en = error_message(CHECK_DIGIT_MISMATCH, "en", actual="1", expected="2")
    assert en.endswith("probably misread or mistyped. " + WHERE_TO_FIND)
