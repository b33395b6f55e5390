"""Every role's main pages on a 390 px phone, in a real browser (headless
Chromium), on the demo network: axe-core finds no violation of any impact, no
text is smaller than 12 px (the charts' words included), no text is cut off,
nothing scrolls sideways; and the donors' summary prints on one A4 page.

The main pages are what a person meets: the dashboard and every link of the
site's navigation for her role, followed from the page itself, and the first
record of each list."""
import base64
import os
import pathlib
import re
import subprocess
import time

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("KALYNA_BIN", str(ROOT / ".build/debug/kalyna"))
FAILURES = ROOT / "tests/browser/failures"
KEY = {"KALYNA_NARRATIVE_KEY": "ef" * 32}
PASSWORD = "kalyna-demo-2027"
WIDTH = 390

ROLES = {
    "public": None,
    "coordinator": "coordinator1@demo.kalyna",
    "documenter": "documenter1@demo.kalyna",
    "reviewer": "reviewer1@demo.kalyna",
    "programme officer": "po@demo.kalyna",
    "finance": "finance@demo.kalyna",
    "administrator": "admin@demo.kalyna",
}

# Text smaller than 12 px that a person reads, and text a box cuts off: both
# measured by the browser on what it laid out. Visually hidden text (for screen
# readers) is clipped on purpose and left out.
MEASURE = """
const problems = [];
const hidden = el => el.closest('.visually-hidden, [hidden]') !== null;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seen = new Set();
while (walker.nextNode()) {
  const node = walker.currentNode;
  const el = node.parentElement;
  if (!node.textContent.trim() || !el || seen.has(el) || hidden(el)) continue;
  seen.add(el);
  const style = getComputedStyle(el);
  if (style.display === 'none' || style.visibility === 'hidden') continue;
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) continue;
  // Text inside an SVG is scaled with it: its size on screen is the CSS size times the SVG's scale.
  const size = parseFloat(style.fontSize) * (el instanceof SVGGraphicsElement && el.getScreenCTM() ? el.getScreenCTM().a : 1);
  if (size < 12) problems.push(`text ${size.toFixed(1)}px: ${node.textContent.trim().slice(0, 40)}`);
}
for (const el of document.body.querySelectorAll('*')) {
  if (hidden(el)) continue;
  const style = getComputedStyle(el);
  const clips = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
  if (clips && el.scrollWidth > el.clientWidth + 1 && el.textContent.trim()) problems.push(`cut off: <${el.tagName.toLowerCase()} class="${el.className}"> ${el.textContent.trim().slice(0, 40)}`);
}
const width = document.documentElement.scrollWidth;
if (width > window.innerWidth + 1) problems.push(`${width}px wide`);
return problems;
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    env = dict(os.environ, **KEY)
    database = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    subprocess.run([BIN, "demo", "--scale", "1", "--database", str(database)], cwd=ROOT, env=env, check=True, capture_output=True)
    process = subprocess.Popen([BIN, "serve", "--port", "0", "--database", str(database)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = None
    deadline = time.time() + 20
    while base is None and time.time() < deadline:
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", process.stdout.readline().decode())
        if match:
            base = match.group(1)
    assert base, "the server did not start"
    yield base
    process.terminate()
    process.wait(timeout=10)


def phone():
    options = webdriver.ChromeOptions()
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": WIDTH, "height": 844, "pixelRatio": 2}})
    return webdriver.Chrome(options=options)


def main_pages(driver, base):
    """The dashboard's navigation, and the first record each list links to."""
    pages = []
    for link in driver.find_elements(By.CSS_SELECTOR, ".site-nav a, .header-row a"):
        href = link.get_attribute("href") or ""
        if href.startswith(base) and "/language/" not in href and href not in pages:
            pages.append(href)
    details = []
    for page in list(pages):
        driver.get(page)
        first = driver.find_elements(By.CSS_SELECTOR, "main table tbody a[href^='/'], main table tbody a[href^='" + base + "']")
        if first:
            href = first[0].get_attribute("href")
            if href not in pages and href not in details and not href.endswith((".csv", ".xlsx", ".json", ".pdf")):
                details.append(href)
    return pages + details


@pytest.mark.parametrize("role", list(ROLES))
def test_main_pages_on_a_phone(demo, role):
    from axe_selenium_python import Axe
    base = demo
    driver = phone()
    problems = []
    try:
        driver.get(base + "/language/ru?next=/")
        email = ROLES[role]
        if email:
            driver.get(base + "/sign-in")
            driver.find_element(By.NAME, "email").send_keys(email)
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            driver.find_element(By.CSS_SELECTOR, "main form button[type=submit], main form button").click()
            WebDriverWait(driver, 10).until(lambda d: "/sign-in" not in d.current_url)
        else:
            driver.get(base + "/")
        pages = main_pages(driver, base) + ([base + "/statistics/summary", base + "/calls"] if role == "public" else [])
        assert len(pages) >= 4, pages
        print(role, len(pages), [p.replace(base, "") for p in pages])
        for page in pages:
            driver.get(page)
            assert "lang=\"ru\"" in driver.page_source[:300] or driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru", page
            problems += [f"{page}: {problem}" for problem in driver.execute_script(MEASURE)]
            axe = Axe(driver)
            axe.inject()
            for violation in axe.run()["violations"]:
                problems.append(f"{page}: axe {violation['id']} ({violation['impact']}) {[n['target'] for n in violation['nodes']][:3]}")
    except Exception:
        FAILURES.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(FAILURES / f"phone-{role.replace(' ', '-')}.png"))
        raise
    finally:
        driver.quit()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_the_donors_summary_prints_on_one_page(demo, lang, tmp_path):
    driver = phone()
    try:
        driver.get(demo + f"/language/{lang}?next=/statistics/summary")
        assert driver.find_element(By.CSS_SELECTOR, ".summary-org").text, "the organisation's name"
        pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    finally:
        driver.quit()
    path = tmp_path / f"summary-{lang}.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert "A4" in info, info
