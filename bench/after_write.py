#!/usr/bin/env python3
"""How long the regional picture and the public statistics take right after a
case is saved (so nothing kept from before can answer), on a running Kalyna:
a coordinator saves a case through the form, then a programme officer opens
/picture and a visitor /statistics; ROUNDS times, median and worst in ms.

    bench/after_write.py BASE_URL   (bench/pages.sh runs it)
"""
import datetime
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/")
ROUNDS = 20


def browser():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def get(opener, path):
    with opener.open(BASE + path) as response:
        return response.read().decode()


def post(opener, path, fields):
    data = urllib.parse.urlencode(fields, doseq=True).encode()
    with opener.open(urllib.request.Request(BASE + path, data=data)) as response:
        return response.status


def csrf(page):
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def sign_in(email):
    opener = browser()
    token = csrf(get(opener, "/sign-in"))
    post(opener, "/sign-in", {"email": email, "password": "kalyna-demo-2027", "_csrf": token})
    return opener


def timed(opener, path):
    started = time.perf_counter()
    get(opener, path)
    return (time.perf_counter() - started) * 1000


coordinator, officer, visitor = sign_in("coordinator1@demo.kalyna"), sign_in("po@demo.kalyna"), browser()
picture, public = [], []
for _ in range(ROUNDS):
    form = get(coordinator, "/cases/new")
    place = re.search(r'<option value="([A-Z]{2}:[0-9a-z]+)"', form).group(1)
    status = post(coordinator, "/cases", {
        "_csrf": csrf(form), "registered_on": datetime.date.today().isoformat(), "incident_date": "2026-10", "precision": "month",
        "place": place, "place_type": "street", "age_band": "25_34", "acts": ["1"], "police_unit": "patrol",
        "officers_count": "1", "status": "open", "consent_record": "yes", "consent_statistics": "yes"})
    assert status == 200, status  # the redirect to the saved case, followed
    picture.append(timed(officer, "/picture"))
    public.append(timed(visitor, "/statistics"))
for name, values in (("/picture", picture), ("/statistics", public)):
    print(f"{name} after a case write: median {statistics.median(values):.1f} ms, worst {max(values):.1f} ms ({ROUNDS} writes)")
