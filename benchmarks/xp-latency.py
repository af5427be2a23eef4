"""The measuring half of benchmarks/xp-latency.sh (read its header): seeds a course of EVENTS reading lessons, enrols
the learner, then completes the lessons one by one through the gateway and, after each, reads until the XP award for
that lesson is visible (gamification) and, as the baseline, until the completion is visible (progress-service)."""
import datetime
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse
import uuid

TRAINER, ADMIN, LEARNER = os.environ["TRAINER"], os.environ["ADMIN"], os.environ["LEARNER"]
EVENTS = int(os.environ["EVENTS"])
POLL_SECONDS = 0.005
TIMEOUT_SECONDS = 30


class Client:
    """One keep-alive connection: a new TCP connection per read would dominate what is measured."""

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)

    def call(self, method, path, token, body=None, expect=(200, 201)):
        headers = {"Authorization": "Bearer " + token}
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        answer = response.read()
        if response.status not in expect:
            sys.exit("%s %s answered %d: %s" % (method, path, response.status, answer[:300]))
        return json.loads(answer) if answer else None


catalog = Client(os.environ["CATALOG_URL"])
gateway = Client(os.environ["GATEWAY_URL"])

print("Seeding a course of %d reading lessons" % EVENTS)
course = catalog.call("POST", "/api/catalog/courses", TRAINER, {
    "title": "Banc XP %s" % uuid.uuid4().hex[:8], "description": "Cours de mesure : une leçon de lecture par événement.",
    "category": "ENTRETIEN", "level": "DEBUTANT", "price": 0, "durationMinutes": EVENTS})["id"]
module = catalog.call("POST", "/api/catalog/courses/%s/modules" % course, TRAINER, {"title": "Leçons"})["id"]
lessons = []
for i in range(EVENTS):
    lesson = catalog.call("POST", "/api/catalog/modules/%s/lessons" % module, TRAINER,
                          {"title": "Leçon %d" % (i + 1), "kind": "READING"})["id"]
    catalog.call("POST", "/api/catalog/lessons/%s/publish" % lesson, TRAINER)
    lessons.append(lesson)
catalog.call("POST", "/api/catalog/courses/%s/submit" % course, TRAINER)
catalog.call("POST", "/api/catalog/courses/%s/publish" % course, ADMIN)
gateway.call("POST", "/api/catalog/courses/%s/enrolment" % course, LEARNER)
deadline = time.monotonic() + 120
# progress-service learns the enrolment and every lesson from catalog's events before it accepts completions
while (gateway.call("GET", "/api/progress/courses/" + course, LEARNER, expect=(200, 403, 404)) or {}).get("lessonCount") != EVENTS:
    if time.monotonic() > deadline:
        sys.exit("progress-service did not learn of the enrolment and the %d lessons within two minutes" % EVENTS)
    time.sleep(0.5)


def until(predicate):
    """Reads until the predicate holds; the seconds it took from the call."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > TIMEOUT_SECONDS:
            sys.exit("not visible within %d s" % TIMEOUT_SECONDS)
        time.sleep(POLL_SECONDS)


def award_visible(lesson):
    history = gateway.call("GET", "/api/gamification/me/history?limit=5", LEARNER)
    return any(award["sourceEvent"] == "lesson-completed:" + lesson for award in history)


def completion_visible(done):
    return gateway.call("GET", "/api/progress/courses/" + course, LEARNER)["completedLessons"] >= done


rows = []
print("Completing %d lessons through the gateway, one after the other" % EVENTS)
for i, lesson in enumerate(lessons):
    sent = time.monotonic()
    gateway.call("POST", "/api/progress/lessons/%s/completion" % lesson, LEARNER)
    answered = time.monotonic()
    # baseline first: it is synchronous, visible on the first read; then the XP, which crossed Kafka meanwhile
    baseline = until(lambda: completion_visible(i + 1))
    xp = until(lambda: award_visible(lesson)) + baseline
    rows.append((i + 1, lesson, round((answered - sent) * 1000, 2), round(baseline * 1000, 2), round(xp * 1000, 2)))

with open(os.environ["RAW"], "w") as raw:
    raw.write("event,lesson,completion_ms,baseline_visible_ms,xp_visible_ms\n")
    for row in rows:
        raw.write(",".join(str(v) for v in row) + "\n")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1)]


summary = {name: [row[index] for row in rows] for name, index in
           (("completion answered", 2), ("baseline: completion visible in progress-service", 3),
            ("XP visible in gamification-service", 4))}
me = gateway.call("GET", "/api/gamification/me", LEARNER)
daily = next((c for c in me["challenges"] if c["code"] == "daily_lesson"), None)
with open(os.environ["REPORT"], "w") as report:
    report.write("### XP latency, %s, %d cores\n\n" % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                                                        os.cpu_count()))
    report.write("%d lesson completions through the gateway, one after the other; after each, reads every %d ms "
                 "(one keep-alive connection) until visible. Times from the completion's answer (ms).\n\n"
                 % (EVENTS, POLL_SECONDS * 1000))
    report.write("| measure | p50 | p99 | max | mean |\n|---|---:|---:|---:|---:|\n")
    for name, values in summary.items():
        report.write("| %s | %.1f | %.1f | %.1f | %.1f |\n" % (name, percentile(values, 50), percentile(values, 99),
                                                             max(values), statistics.mean(values)))
    report.write("\nDaily challenge after the run: %s (period %s).\n" % (
        "completed at " + daily["completedAt"] if daily and daily["completed"] else "NOT completed",
        daily["periodKey"] if daily else "?"))
print(open(os.environ["REPORT"]).read())
print("Raw: " + os.environ["RAW"])
