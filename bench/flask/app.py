"""The peer for bench/pages.sh: the signed-in grant list (50 of ~8,000 grants)
rendered by Flask + Jinja2 + sqlite3 from the same database file, with the same
queries Kalyna makes (session and user by the cookie's SHA-256, the total, the
page of grants with what was paid, the next report and the next tranche, the
call filter) and the same HTML. What a competent small Python service does;
not a test, not shipped."""
import datetime
import hashlib
import json
import os
import sqlite3
import threading

from flask import Flask, abort, g, request
from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = os.path.dirname(os.path.abspath(__file__))
DATABASE = os.environ["KALYNA_BENCH_DATABASE"]
with open(os.path.join(HERE, "..", "..", "templates", "i18n", "en.json"), encoding="utf-8") as f:
    T = json.load(f)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

COUNTRIES = [k[len("country_"):] for k in T if k.startswith("country_")]

app = Flask(__name__)
jinja = Environment(loader=FileSystemLoader(HERE), autoescape=select_autoescape(["html"]))
template = jinja.get_template("grants.html")
local = threading.local()


def db():
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True, check_same_thread=False)
        local.conn = conn
    return conn


def money(minor, currency):
    units, cents = divmod(int(minor), 100)
    return f"{currency} {units:,}.{cents:02d}"


def date(iso):
    if not iso:
        return None
    y, m, d = iso[:10].split("-")
    return f"{int(d)} {MONTHS[int(m) - 1]} {y}"


@app.get("/grants")
def grants():
    token = request.cookies.get("session")
    if not token:
        abort(403)
    conn = db()
    digest = hashlib.sha256(token.encode()).hexdigest()
    session = conn.execute("SELECT user_id, csrf_token, expires_at FROM session WHERE token_hash = ?", (digest,)).fetchone()
    if session is None:
        abort(403)
    user = conn.execute("SELECT name, role, active FROM user WHERE id = ?", (session[0],)).fetchone()
    if user is None or not user[2] or user[1] not in ("admin", "programme_officer", "finance_officer"):
        abort(403)
    page = max(1, int(request.args.get("page", "1") or "1"))
    today = datetime.date.today().isoformat()
    total = conn.execute('SELECT COUNT(*) FROM "grant" g').fetchone()[0]
    rows = conn.execute(
        """SELECT g.id, g.public_id, g.title, g.amount_awarded, g.currency, g.status, i.name, i.country,
             (SELECT COALESCE(SUM(amount), 0) FROM disbursement d WHERE d.grant_id = g.id AND d.status = 'paid'),
             (SELECT MIN(due_date) FROM report_requirement r WHERE r.grant_id = g.id AND r.status != 'accepted'),
             (SELECT MIN(planned_date) FROM tranche t WHERE t.grant_id = g.id AND NOT t.cancelled
                AND NOT EXISTS (SELECT 1 FROM disbursement d WHERE d.tranche_id = t.id AND d.status = 'paid'))
           FROM "grant" g JOIN application a ON a.id = g.application_id JOIN initiative i ON i.id = a.initiative_id
           ORDER BY g.id DESC LIMIT 50 OFFSET ?""",
        ((page - 1) * 50,)).fetchall()
    calls = conn.execute("SELECT id, title FROM call ORDER BY id DESC").fetchall()
    items = [
        {
            "href": f"/grants/{r[0]}", "public_id": r[1], "title": r[2], "initiative": r[6],
            "awarded": money(r[3], r[4]), "paid": money(r[8], r[4]), "next_due": date(r[9]),
            "overdue": r[5] == "active" and r[9] is not None and r[9] < today,
            "next_tranche": date(r[10]), "status": T.get("grant_status_" + r[5], r[5]),
        }
        for r in rows
    ]
    countries = sorted(((c, T.get("country_" + c, c)) for c in COUNTRIES), key=lambda p: p[1])
    statuses = [(s, T.get("grant_status_" + s, s)) for s in ("active", "completed", "terminated")]
    pages = (total + 49) // 50
    return template.render(
        t=T, user={"name": user[0], "role": T.get("role_" + user[1], user[1])}, csrf=session[1],
        grants=items, calls=calls, countries=countries, statuses=statuses, page=page, pages=pages,
        next=f"/grants?page={page + 1}" if page < pages else None,
        previous=f"/grants?page={page - 1}" if page > 1 else None)
