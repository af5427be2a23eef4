#!/usr/bin/env python3
"""Writes the Grafana dashboards (dashboards/*.json) from the panel lists below, so the six RED dashboards stay
alike. The JSON files are what Grafana provisions and what DashboardQueriesIT-style checks read (e2e-tests,
DashboardQueries): edit here, run `python3 ops/grafana/generate-dashboards.py`, commit both.
Every query uses metrics the services really expose (checked against a running platform by the e2e suite)."""
import json
import pathlib

HERE = pathlib.Path(__file__).parent
DATASOURCE = {"type": "prometheus", "uid": "prometheus"}
NOT_ACTUATOR = 'uri!~"/actuator.*"'
EVENT = 'meca_outbox_appended_total{type="fr.mecaformation.%s"}'


def panel(title, exprs, kind="timeseries", unit=None, legend=None, description=None):
    targets = []
    for i, expr in enumerate(exprs if isinstance(exprs, list) else [exprs]):
        target = {"datasource": DATASOURCE, "refId": chr(ord("A") + i), "expr": expr}
        if legend:
            target["legendFormat"] = legend
        targets.append(target)
    result = {"type": kind, "title": title, "datasource": DATASOURCE, "targets": targets,
              "fieldConfig": {"defaults": {"unit": unit} if unit else {}, "overrides": []}, "options": {}}
    if description:
        result["description"] = description
    return result


def dashboard(uid, title, panels, tags):
    positioned = [dict(p, id=i + 1) for i, p in enumerate(panels)]
    # lay panels out left to right, rows of 24 units
    x = y = 0
    row_height = 0
    for p in positioned:
        w = 6 if p["type"] == "stat" else 12
        h = 4 if p["type"] == "stat" else 8
        if x + w > 24:
            x, y = 0, y + row_height
            row_height = 0
        p["gridPos"] = {"x": x, "y": y, "w": w, "h": h}
        x += w
        row_height = max(row_height, h)
    return {"uid": uid, "title": title, "tags": ["mecaformation"] + tags, "timezone": "browser",
            "schemaVersion": 39, "version": 1, "editable": False, "refresh": "30s",
            "time": {"from": "now-6h", "to": "now"}, "templating": {"list": []}, "annotations": {"list": []},
            "panels": positioned}


def red(service, extra=()):
    app = f'application="{service}"'
    return dashboard(f"meca-red-{service}", f"MécaFormation — {service} (RED)", [
        panel("Débit (requêtes/s)", f"sum(rate(http_server_requests_seconds_count{{{app}, {NOT_ACTUATOR}}}[$__rate_interval]))",
              kind="stat", unit="reqps"),
        panel("Part d'erreurs 5xx (5 min)", f'meca:http_error_ratio:rate5m{{{app}}}', kind="stat", unit="percentunit"),
        panel("p99 (5 min)", f'meca:http_latency_seconds:p99_5m{{{app}}}', kind="stat", unit="s"),
        panel("Instances en service", f'sum(up{{job="{service}"}})', kind="stat"),
        panel("Débit par route", f"sum by (method, uri) (rate(http_server_requests_seconds_count{{{app}, {NOT_ACTUATOR}}}[$__rate_interval]))",
              unit="reqps", legend="{{method}} {{uri}}"),
        panel("Réponses par statut", f"sum by (status) (rate(http_server_requests_seconds_count{{{app}, {NOT_ACTUATOR}}}[$__rate_interval]))",
              unit="reqps", legend="{{status}}"),
        panel("Durée p50 / p95 / p99", [
            f"histogram_quantile({q}, sum by (le) (rate(http_server_requests_seconds_bucket{{{app}, {NOT_ACTUATOR}}}[$__rate_interval])))"
            for q in ("0.5", "0.95", "0.99")], unit="s"),
        panel("p99 par route", f"histogram_quantile(0.99, sum by (uri, le) (rate(http_server_requests_seconds_bucket{{{app}, {NOT_ACTUATOR}}}[$__rate_interval])))",
              unit="s", legend="{{uri}}"),
        panel("Mémoire JVM (heap)", f'sum by (instance) (jvm_memory_used_bytes{{{app}, area="heap"}})', unit="bytes",
              legend="{{instance}}"),
        panel("CPU du processus", f'max by (instance) (process_cpu_usage{{{app}}})', unit="percentunit", legend="{{instance}}"),
        panel("Pauses GC (s/s)", f'sum by (instance) (rate(jvm_gc_pause_seconds_sum{{{app}}}[$__rate_interval]))', unit="s",
              legend="{{instance}}"),
        panel("Threads vivants", f'sum by (instance) (jvm_threads_live_threads{{{app}}})', legend="{{instance}}"),
        *extra,
    ], ["red", service])


OVERVIEW = dashboard("meca-overview", "MécaFormation — vue d'ensemble", [
    panel("Disponibilité à la passerelle (5 min)", "1 - meca:slo_errors:ratio_rate5m", kind="stat", unit="percentunit",
          description="Objectif : 99,9 % (réponses hors 5xx à la passerelle)."),
    panel("Budget d'erreurs : rythme de consommation (1 h)", "meca:slo_errors:ratio_rate1h / 0.001", kind="stat",
          description="1 = le budget de 0,1 % est consommé exactement en 30 jours ; 14,4 déclenche l'alerte rapide."),
    panel("Cibles en service", 'sum(up{job=~"gateway|discovery|catalog-service|auth-service|payment-service|progress-service|gamification-service|booking-service"})',
          kind="stat"),
    panel("Disjoncteurs ouverts", 'sum(resilience4j_circuitbreaker_state{state=~"open|forced_open"})', kind="stat"),
    panel("Débit par service", "meca:http_requests:rate5m", unit="reqps", legend="{{application}}"),
    panel("Part d'erreurs 5xx par service", "meca:http_error_ratio:rate5m", unit="percentunit", legend="{{application}}"),
    panel("p99 par service", "meca:http_latency_seconds:p99_5m", unit="s", legend="{{application}}"),
    panel("Cibles (up)", 'up{job=~"gateway|discovery|catalog-service|auth-service|payment-service|progress-service|gamification-service|booking-service"}',
          legend="{{job}} {{instance}}"),
    panel("État des disjoncteurs", 'max by (application, name, state) (resilience4j_circuitbreaker_state)',
          legend="{{application}} → {{name}} : {{state}}"),
    panel("Mémoire JVM (heap) par service", 'sum by (application) (jvm_memory_used_bytes{area="heap"})', unit="bytes",
          legend="{{application}}"),
], ["overview"])

KAFKA = dashboard("meca-kafka-outbox", "MécaFormation — Kafka et outbox", [
    panel("Événements en attente (outbox)", "sum(meca_outbox_pending)", kind="stat"),
    panel("Âge du plus ancien en attente", "max(meca_outbox_lag_seconds)", kind="stat", unit="s"),
    panel("Lettres mortes (total)", "sum(meca_inbox_dead_letters_total)", kind="stat"),
    panel("Retard maximal des consommateurs", "max(meca:kafka_consumer_lag:max)", kind="stat"),
    panel("Événements relayés vers Kafka", "sum by (application) (rate(meca_outbox_published_total[$__rate_interval]))",
          unit="ops", legend="{{application}}"),
    panel("Refus de Kafka (outbox)", "sum by (application) (rate(meca_outbox_failures_total[$__rate_interval]))",
          unit="ops", legend="{{application}}"),
    panel("En attente par service", "meca_outbox_pending", legend="{{application}}"),
    panel("Âge du plus ancien en attente par service", "meca_outbox_lag_seconds", unit="s", legend="{{application}}"),
    panel("Événements validés par type", "sum by (type) (rate(meca_outbox_appended_total[$__rate_interval]))", unit="ops",
          legend="{{type}}"),
    panel("Retard des consommateurs par sujet", "meca:kafka_consumer_lag:max",
          legend="{{application}} ← {{topic}}"),
    panel("Lettres mortes par sujet", "sum by (application, topic) (meca_inbox_dead_letters_total)",
          legend="{{application}} ← {{topic}}"),
    panel("Doublons absorbés par l'inbox", "sum by (application) (rate(meca_inbox_duplicates_total[$__rate_interval]))",
          unit="ops", legend="{{application}}"),
    panel("Lignes purgées (rétention)", "sum by (application) (rate(meca_platform_purged_total[$__rate_interval]))",
          unit="ops", legend="{{application}}"),
], ["kafka", "outbox"])

BUSINESS = dashboard("meca-business", "MécaFormation — activité", [
    panel("Inscriptions (période)", f'sum(increase({EVENT % "identity.user.registered.v1"}[$__range]))', kind="stat"),
    panel("Achats payés (période)", f'sum(increase({EVENT % "payment.purchase.succeeded.v1"}[$__range]))', kind="stat"),
    panel("Chiffre d'affaires TTC (période)", "sum(increase(meca_payment_revenue_cents_total[$__range])) / 100", kind="stat",
          unit="currencyEUR"),
    panel("Formations terminées (période)", f'sum(increase({EVENT % "progress.course.completed.v1"}[$__range]))', kind="stat"),
    panel("Inscriptions", f'sum(increase({EVENT % "identity.user.registered.v1"}[$__rate_interval]))', legend="inscriptions"),
    panel("Achats par type", 'sum by (kind) (increase(meca_payment_revenue_cents_total[$__rate_interval])) / 100',
          unit="currencyEUR", legend="{{kind}}"),
    panel("Leçons et formations terminées", [
        f'sum(increase({EVENT % "progress.lesson.completed.v1"}[$__rate_interval]))',
        f'sum(increase({EVENT % "progress.course.completed.v1"}[$__rate_interval]))'], legend="terminées"),
    panel("Certificats ajoutés au journal", f'sum(increase({EVENT % "progress.certificate.issued.v1"}[$__rate_interval]))',
          legend="certificats"),
], ["business"])

PROGRESS_EXTRA = [
    panel("Battements par commit groupé (moyenne)",
          "sum(rate(meca_progress_heartbeat_batch_size_sum[$__rate_interval])) / sum(rate(meca_progress_heartbeat_batch_size_count[$__rate_interval]))"),
]

# XP and rewards, read from the outbox like the other business counters: a rolled-back award counts nothing
GAMIFICATION_EXTRA = [
    panel("Attributions d'XP", f'sum(increase({EVENT % "gamification.xp.awarded.v1"}[$__rate_interval]))',
          legend="attributions"),
    panel("Badges, défis et niveaux", [
        f'sum(increase({EVENT % "gamification.xp.badge-earned.v1"}[$__rate_interval]))',
        f'sum(increase({EVENT % "gamification.xp.challenge-completed.v1"}[$__rate_interval]))',
        f'sum(increase({EVENT % "gamification.xp.level-reached.v1"}[$__rate_interval]))'], legend="événements"),
    panel("Remises demandées (coupons)", f'sum(increase({EVENT % "gamification.reward.coupon-requested.v1"}[$__rate_interval]))',
          legend="coupons"),
]

if __name__ == "__main__":
    out = HERE / "dashboards"
    out.mkdir(exist_ok=True)
    boards = {"platform-overview": OVERVIEW, "kafka-outbox": KAFKA, "business": BUSINESS}
    extras = {"progress-service": PROGRESS_EXTRA, "gamification-service": GAMIFICATION_EXTRA}
    for service in ("gateway", "discovery", "catalog-service", "auth-service", "payment-service", "progress-service",
                    "gamification-service", "booking-service"):
        boards[f"red-{service}"] = red(service, extras.get(service, ()))
    for name, board in boards.items():
        (out / f"{name}.json").write_text(json.dumps(board, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(boards)} dashboards written to {out}")
