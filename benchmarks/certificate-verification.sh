#!/usr/bin/env bash
# Anonymous certificate status checks with 100,000 certificates in the log: progress-service started in-process on a
# real port against the real PostgreSQL (127.0.0.1:5432) and Kafka (embedded), 2 concurrent HTTP clients calling
# GET /api/progress/certificates/{id} for random certificates. No running platform needed (./meca up not required).
# Settings: -Dbench.certificates=100000 -Dbench.requests=20000 -Dbench.clients=2 -Dbench.warmup=3000.
# Writes benchmarks/recorded/certificate-verification-<UTC date-time>.txt (summary) and -latencies.csv (every request,
# ms), committed as the raw results BENCHMARKS.md cites;
# fails if the p99 is 20 ms or more.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl progress-service -am verify -DskipITs -Dtest=CertificateVerificationBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat "$(ls -t benchmarks/recorded/certificate-verification-*[0-9].txt | head -1)"
