#!/usr/bin/env bash
# Fills the local catalog (./meca up) with N published courses, generated in SQL from the trade's vocabulary, for
# search benchmarks: titles and descriptions in French, spread over categories, levels, prices and durations.
#   benchmarks/seed-catalog.sh 10000
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../meca.conf
source "${MECA_CONFIG:-$REPO/meca.conf}"
target=${1:?usage: benchmarks/seed-catalog.sh NUMBER_OF_PUBLISHED_COURSES}

PGPASSWORD="$POSTGRES_PASSWORD" psql -v ON_ERROR_STOP=1 -q -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" \
  -d catalog -v target="$target" <<'SQL'
WITH vocabulary AS (
    SELECT ARRAY['Freinage', 'Climatisation', 'Diagnostic moteur', 'Électricité automobile', 'Véhicules hybrides',
                 'Véhicules électriques', 'Transmission', 'Liaison au sol', 'Injection diesel', 'Distribution',
                 'Éclairage et signalisation', 'Multiplexage CAN', 'Boîte de vitesses', 'Suspension pilotée',
                 'Géométrie des trains roulants', 'Dépollution et FAP', 'Batterie haute tension', 'Démarreur et alternateur'] AS topics,
           ARRAY['initiation', 'perfectionnement', 'atelier pratique', 'cas réels', 'préparation CAP', 'préparation BTS'] AS angles,
           ARRAY['FREINAGE', 'CLIMATISATION', 'DIAGNOSTIC_MOTEUR', 'ELECTRICITE', 'HYBRIDE_ELECTRIQUE',
                 'HYBRIDE_ELECTRIQUE', 'TRANSMISSION', 'LIAISON_AU_SOL', 'DIAGNOSTIC_MOTEUR', 'ENTRETIEN',
                 'ELECTRICITE', 'ELECTRICITE', 'TRANSMISSION', 'LIAISON_AU_SOL', 'LIAISON_AU_SOL', 'DIAGNOSTIC_MOTEUR',
                 'HYBRIDE_ELECTRIQUE', 'ELECTRICITE'] AS categories,
           ARRAY['FREINAGE', 'CLIMATISATION', 'MOTEUR', 'ELECTRICITE', 'VEHICULES_HYBRIDES_ELECTRIQUES',
                 'VEHICULES_HYBRIDES_ELECTRIQUES', 'TRANSMISSION', 'LIAISON_AU_SOL', 'MOTEUR', 'MOTEUR',
                 'ELECTRICITE', 'DIAGNOSTIC_ELECTRONIQUE', 'TRANSMISSION', 'LIAISON_AU_SOL', 'LIAISON_AU_SOL', 'MOTEUR',
                 'VEHICULES_HYBRIDES_ELECTRIQUES', 'ELECTRICITE'] AS skills
), missing AS (
    SELECT greatest(:target - (SELECT count(*) FROM course WHERE status = 'PUBLISHED'), 0) AS n
)
INSERT INTO course (id, owner_id, title, description, category, level, price_cents, duration_minutes, status, revision,
                    created_at, updated_at, published_at, skills)
SELECT gen_random_uuid(), 'bench-' || (i % 50),
       v.topics[1 + i % 18] || ' : ' || v.angles[1 + (i / 18) % 6] || ' n° ' || i,
       'Module ' || i || ' consacré à ' || lower(v.topics[1 + i % 18]) || ' : contrôles, mesures, lecture des schémas '
           || 'et remise en conformité, avec exercices sur véhicules récents.',
       v.categories[1 + i % 18], (ARRAY['DEBUTANT', 'INTERMEDIAIRE', 'AVANCE'])[1 + i % 3],
       (i % 40) * 2500, 60 + (i % 30) * 30, 'PUBLISHED', 2,
       now() - make_interval(mins => i::int), now() - make_interval(mins => i::int), now() - make_interval(mins => i::int),
       -- the topic's own skill, and diagnostic électronique on every third course
       CASE WHEN i % 3 = 0 AND v.skills[1 + i % 18] <> 'DIAGNOSTIC_ELECTRONIQUE'
            THEN ARRAY[v.skills[1 + i % 18], 'DIAGNOSTIC_ELECTRONIQUE'] ELSE ARRAY[v.skills[1 + i % 18]] END
FROM vocabulary v, missing m, generate_series(1, m.n) AS i;
ANALYZE course;
SQL
PGPASSWORD="$POSTGRES_PASSWORD" psql -Atq -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d catalog \
  -c "SELECT count(*) || ' published courses' FROM course WHERE status = 'PUBLISHED'"
