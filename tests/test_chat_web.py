"""The /ask page: plain forms without JavaScript, feedback, and one real browser with JavaScript on."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.db.runtime import ChatTurn
from portal.state import state
from tests.conftest import open_app
from tests.support.browser import make_driver
from tests.support.live_server import serve_wsgi

FLEET_VIN = "5YJ3E1EA2KF317000"


@pytest.fixture(scope="module")
def web_app(small_instance, database_url):
    application = open_app(small_instance, database_url, WTF_CSRF_ENABLED=True, ASK_RATE_LIMIT="1000 per minute")
    yield application
    state(application).close()


@pytest.fixture
def web(web_app):
    return web_app.test_client()


def page(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def ask_form(soup: BeautifulSoup) -> dict:
    form = soup.find("form", id="ask-form")
    return {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}


def post_question(client, question: str, fields: dict | None = None, **extra):
    fields = fields or ask_form(page(client.get("/ask?lang=en")))
    return client.post("/ask?lang=en", data={**fields, "question": question, **extra})


@pytest.mark.parametrize("lang, html_lang", [("en", "en"), ("zh", "zh-Hans")])
def test_ask_page_is_an_accessible_form_with_suggestions(web, lang, html_lang):
    soup = page(web.get(f"/ask?lang={lang}"))
    assert soup.html["lang"] == html_lang and soup.find("h1").get_text(strip=True)
    textarea = soup.find("textarea", attrs={"name": "question"})
    assert soup.find("label", attrs={"for": textarea["id"]})
    assert soup.find("form", id="ask-form").find("button", type="submit")
    log = soup.find(id="chat-log")
    assert log["aria-live"] == "polite"
    suggestions = soup.find("section", class_="suggestions").find_all("a", class_="suggestion")
    assert len(suggestions) >= 3 and all("q=" in a["href"] for a in suggestions)
    assert soup.find("nav").find("a", href="/ask")


def test_vin_in_the_address_prefills_ask_about_this_car(web):
    soup = page(web.get(f"/ask?vin={FLEET_VIN.lower()}&lang=en"))
    assert soup.find("input", attrs={"name": "vin"})["value"] == FLEET_VIN
    assert FLEET_VIN in soup.find(id="car-context").get_text()
    assert "my car" in soup.find("section", class_="suggestions").get_text()


def test_suggestion_link_prefills_the_question(web):
    soup = page(web.get("/ask?lang=en&q=What+is+an+OTA+update%3F"))
    assert soup.find("textarea", attrs={"name": "question"}).get_text() == "What is an OTA update?"


def test_form_post_without_javascript_renders_answer_sources_and_feedback(web):
    soup = page(post_question(web, "Why is an over-the-air update called a recall?"))
    turns = soup.find(id="chat-log").find_all("li", class_="turn")
    assert len(turns) == 1
    turn = turns[0]
    assert "Why is an over-the-air update called a recall?" in turn.find(class_="question").get_text()
    assert turn.find(class_="answer-body").find("p")
    assert turn.find(class_="answer-sources").find_all("a", href=True)
    feedback = turn.find("form", class_="feedback")
    assert {b["value"] for b in feedback.find_all("button")} == {"1", "0"}
    assert feedback.find("input", attrs={"name": "csrf_token"})["value"]
    assert ask_form(soup)["session"]


def test_conversation_and_vin_are_kept_by_the_hidden_session(web):
    first = page(post_question(web, "Does my car have any recalls?", vin=FLEET_VIN))
    fields = ask_form(first)
    second = page(post_question(web, "Has recall 23V838 been fixed on my car?", {**fields, "vin": ""}))
    turns = second.find(id="chat-log").find_all("li", class_="turn")
    assert len(turns) == 2
    assert "remedied" in turns[1].find(class_="answer-body").get_text()
    assert ask_form(second)["session"] == fields["session"]


def test_answer_markdown_is_rendered_and_the_question_escaped(web):
    soup = page(post_question(web, "<script>alert(1)</script> recalls for my car?", vin=FLEET_VIN))
    assert not soup.find("main").find("script", string=lambda s: s and "alert" in s)
    assert "<script>alert(1)</script>" in soup.find(class_="question").get_text()
    assert soup.find(class_="answer-body").find("ul").find("a", href="/recalls/23V838000")


def test_blank_question_and_bad_vin_show_field_errors(web):
    soup = page(post_question(web, "  "), 400)
    assert soup.find("textarea")["aria-invalid"] == "true" and soup.find(id="question-error")
    soup = page(post_question(web, "hello", vin="5YJ3E1EA2KF31700O"), 400)
    assert soup.find(id="vin-error").get_text(strip=True)


def test_form_without_csrf_token_is_refused(web):
    response = web.post("/ask", data={"question": "hello"})
    assert response.status_code == 400
    assert not page(web.get("/ask")).find(id="chat-log").find("li")


def test_feedback_is_stored_on_the_turn(web, web_app):
    soup = page(post_question(web, "What is an OTA update?"))
    form = soup.find("form", class_="feedback")
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    after = page(web.post(form["action"], data={**fields, "helpful": "0"}))
    assert after.find(class_="feedback-done")
    with state(web_app).runtime_session() as db:
        assert db.get(ChatTurn, int(fields["turn_id"])).feedback == -1
    as_json = web.post(form["action"], data={**fields, "helpful": "1"}, headers={"Accept": "application/json"})
    assert as_json.status_code == 200 and as_json.get_json()["ok"] is True
    with state(web_app).runtime_session() as db:
        assert db.get(ChatTurn, int(fields["turn_id"])).feedback == 1


def test_feedback_needs_the_turns_own_session(web):
    soup = page(post_question(web, "What is an OTA update?"))
    fields = {i["name"]: i["value"] for i in soup.find("form", class_="feedback").find_all("input")}
    response = web.post("/ask/feedback", data={**fields, "session": "someone-elses-session", "helpful": "1"})
    assert response.status_code == 404


@pytest.mark.browser
def test_javascript_appends_the_answer_to_the_live_log(web_app):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    with serve_wsgi(web_app) as base:
        driver = make_driver("en")
        try:
            driver.get(f"{base}/ask?lang=en")
            box = driver.find_element(By.ID, "question")
            box.send_keys("Do I have to pay for a recall repair?")
            driver.find_element(By.CSS_SELECTOR, "#ask-form button[type=submit]").click()
            answer = WebDriverWait(driver, 20).until(
                ec.presence_of_element_located((By.CSS_SELECTOR, "#chat-log li.turn .answer-body p")))
            assert answer.text
            assert driver.current_url.endswith("/ask?lang=en")  # no page load: the script answered
            log = driver.find_element(By.ID, "chat-log")
            assert log.get_attribute("aria-live") == "polite"
            assert log.find_elements(By.CSS_SELECTOR, ".answer-sources a")
            assert driver.switch_to.active_element == box and box.get_attribute("value") == ""
            log.find_element(By.CSS_SELECTOR, "form.feedback button[value='1']").click()
            WebDriverWait(driver, 20).until(
                ec.presence_of_element_located((By.CSS_SELECTOR, "#chat-log .feedback-done")))
        finally:
            driver.quit()
