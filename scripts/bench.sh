#!/usr/bin/env bash
# bench.sh prints Vigil's performance figures (`make bench`):
#
#   1. Go benchmarks (go test -run '^$' -bench . -benchmem, run from the
#      compiled test binaries): library load (compiled, and precompiled as
#      every command loads it), the engine over 1,000 and
#      100,000 generated objects (objects/s), in-process `scan iac` of 20
#      and 10,000 manifests, the admission webhook (requests/s and p99
#      over loopback, memory per 1,000 cached objects, latency added to a
#      pod create), and the live scan when its benchmark exists.
#   2. End-to-end `vigil scan iac` with the built binary, wall time and
#      peak RSS from /usr/bin/time, three runs each: 10,000 manifests, 20
#      manifests, and 100,000 manifests in 100 namespace directories of
#      1,000 (one scope each), written as JSON.
#      The same for `vigil scan aws` (collect, evaluate, store in a new
#      SQLite file) against generated 5,000- and 50,000-resource accounts
#      and an organization of 100 accounts of 2,000 resources, served by
#      awsreplay in its own process; and for `vigil scan iac` of
#      generated cloud IaC (benchgen.IaCShapes): a Terraform project of
#      110 resource blocks, a CloudFormation stack of 60 resources, a
#      module library of 130 blocks four modules deep and a Terraform
#      project of 5,000 resources in 500 files.
#   3. Start-up, with the built binary right after the build (Vigil keeps
#      no cache, so every run is cold): `vigil version`, `vigil scan iac`
#      of an empty file and of 20 manifests, eleven runs each, wall time
#      to the microsecond and peak RSS; and what package initialisation
#      costs (GODEBUG=inittrace=1 vigil version: the sum over packages
#      and the five that allocate most).
#   4. A summary against the targets: >= 20,000 objects/s through the
#      engine; 10,000 manifests in <= 5 s and <= 500 MiB; 100,000
#      manifests in <= 15 s and <= 600 MiB; a 50,000-resource account in
#      <= 15 s and <= 400 MiB; an organization of 200,000 resources in
#      <= 60 s and <= 350 MiB; start-up: `vigil version` <= 20 ms, an
#      empty scan <= 50 ms and <= 50 MiB, 20 manifests <= 80 ms (medians).
#
# Every heavy measurement is bounded so the script ends in about
# half an hour whatever the engine's speed: a benchmark still running after
# BENCH_TIMEOUT seconds (setup included) and an end-to-end run still
# running after E2E_TIMEOUT seconds are reported as DNF ("did not finish"),
# and a DNF end-to-end case is not repeated.
#
# Environment:
#   GO             go command (default: go)
#   BENCH_TIMEOUT  seconds per heavy Go benchmark (default 120)
#   E2E_TIMEOUT    seconds per end-to-end run (default 60)
#
# Results go to stdout, progress to stderr. Exit status 1 when a benchmark
# or a scan fails (a DNF or a missed target is a result, not a failure).
set -euo pipefail

GO="${GO:-go}"
BENCH_TIMEOUT="${BENCH_TIMEOUT:-120}"
E2E_TIMEOUT="${E2E_TIMEOUT:-60}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
failed=0

log() { printf '%s\n' "$*" >&2; }

# benchlines prints the header and Benchmark lines of go test output.
benchlines() { grep -E '^(pkg:|cpu:|Benchmark|--- (FAIL|SKIP)|    .*_test\.go)' "$1" || true; }

# gobench NAME_REGEXP PACKAGE TIMEOUT_SECONDS [TEST BINARY FLAGS...] runs
# benchmarks from PACKAGE's compiled test binary and prints their lines.
# go test's -timeout does not cover benchmarks, so the binary runs under
# timeout(1); a benchmark killed by it is reported as DNF.
gobench() {
	local pattern=$1 pkg=$2 limit=$3 name bin out="$tmp/gotest.out" rc=0
	shift 3
	bin="$tmp/$(basename "$pkg").test"
	if [ ! -x "$bin" ]; then
		"$GO" test -c -o "$bin" "$pkg"
	fi
	(cd "$pkg" && timeout -k 10 "$limit" "$bin" -test.run '^$' -test.bench "$pattern" -test.benchmem "$@") >"$out" 2>&1 || rc=$?
	benchlines "$out"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		name=$(printf '%s' "$pattern" | tr -cd 'A-Za-z0-9_')
		printf '%-40s DNF: no result within %s s (setup included)\n' "$name" "$limit"
		echo "DNF" >"$tmp/dnf.$name"
	elif [ "$rc" -ne 0 ]; then
		printf 'FAILED: benchmarks %s of %s (exit %d):\n' "$pattern" "$pkg" "$rc"
		tail -n 30 "$out"
		failed=1
	fi
	cat "$out" >>"$tmp/all-bench.out"
}

# ---------------------------------------------------------------------------
echo "== Go benchmarks (-benchmem, GOMAXPROCS=$(nproc))"
log "bench: library load and small cases"
gobench . ./internal/policy 600 -test.skip '^BenchmarkEngine$'
gobench . ./internal/scan 600
gobench . ./internal/cli 600 -test.skip '^BenchmarkScanIaC10k$'
log "bench: risk: graph, reachability, scoring and combination rules over 100,000 findings"
gobench '^BenchmarkAssess' ./internal/risk "$BENCH_TIMEOUT"
log "bench: jobs per second through River (SQLite and PostgreSQL)"
gobench '^BenchmarkScanScopeJobs' ./internal/jobs 600 -test.benchtime 5x
log "bench: the service's API (100,000 findings, 50,000 resources, 4 clients, p95) and dashboards"
gobench '^BenchmarkAPIFindings' ./internal/server/api "$BENCH_TIMEOUT" -test.benchtime 40x
gobench '^BenchmarkPages' ./internal/web 600 -test.benchtime 40x
log "bench: the admission webhook (reviews on loopback: requests/s, p99; memory per 1,000 cached objects; latency added to a pod create)"
gobench '^BenchmarkAdmissionReview$' ./internal/admission 600 -test.benchtime 2000x
gobench '^BenchmarkAdmissionCacheMemory$' ./internal/admission 600 -test.benchtime 1x
gobench '^BenchmarkAdmissionPodCreate$' ./internal/admission 600 -test.benchtime 200x
log "bench: BenchmarkEngine (100,000 objects; up to ${BENCH_TIMEOUT} s)"
gobench '^BenchmarkEngine$' ./internal/policy "$BENCH_TIMEOUT"
log "bench: BenchmarkScanIaC10k (up to ${BENCH_TIMEOUT} s)"
gobench '^BenchmarkScanIaC10k$' ./internal/cli "$BENCH_TIMEOUT"
# Hook: the live-scan benchmark needs a real API server (etcd and
# kube-apiserver, see scripts/kube-testenv.sh build) and skips itself
# without one. It runs when internal/inventory/k8s defines it.
log "bench: AWS collection of generated 5,000- and 50,000-resource accounts"
gobench '^BenchmarkAWSScan' ./internal/inventory/awsinv "$BENCH_TIMEOUT" -test.benchtime 1x
if grep -qs '^func BenchmarkLiveScan' internal/inventory/k8s/*_test.go; then
	log "bench: BenchmarkLiveScan (up to ${BENCH_TIMEOUT} s)"
	gobench '^BenchmarkLiveScan$' ./internal/inventory/k8s "$BENCH_TIMEOUT" -test.benchtime 1x
fi

# ---------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
	log "bench: installing GNU time"
	if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
	$sudo apt-get install -y -qq time >/dev/null 2>&1 ||
		{ $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq time >/dev/null; }
fi

log "bench: building vigil and generating manifests"
# Built, then installed as a copy, as a release or a package installs it:
# the linker writes the binary through mmap, which leaves large folios in
# the page cache that the kernel then maps as huge pages (FilePmdMapped in
# smaps_rollup), adding 10-30 MiB of file pages to the peak RSS of every
# run of that very file, but of no copy of it.
"$GO" build -o "$tmp/vigil.built" ./cmd/vigil
cp "$tmp/vigil.built" "$tmp/vigil"
rm -f "$tmp/vigil.built"
"$GO" run ./internal/benchgen/cmd/genmanifests -out "$tmp/m10k" -files 10000 -per-file 1
"$GO" run ./internal/benchgen/cmd/genmanifests -out "$tmp/m20" -files 20 -per-file 1
log "bench: generating 100,000 manifests in 100 namespace directories (a few minutes)"
"$GO" run ./internal/benchgen/cmd/genmanifests -out "$tmp/m100k" -namespaces 100 -per-namespace 1000

# e2e LABEL DIR OBJECTS [TIMEOUT] runs three timed scans of DIR and
# records "wall_s rss_kib" per run in $tmp/e2e.LABEL ("DNF limit_s" for a timeout).
e2e() {
	local label=$1 dir=$2 objects=$3 limit=${4:-$E2E_TIMEOUT} run rc t
	: >"$tmp/e2e.$label"
	for run in 1 2 3; do
		rc=0
		/usr/bin/time -f '%e %M' -o "$tmp/time.txt" \
			timeout "$limit" "$tmp/vigil" scan iac "$dir" --format json --output "$tmp/out.json" --quiet \
			2>"$tmp/stderr.txt" || rc=$?
		if [ "$rc" -eq 124 ]; then
			echo "DNF $limit" >>"$tmp/e2e.$label"
			return
		fi
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			printf 'FAILED: vigil scan iac %s: exit %d\n' "$label" "$rc"
			tail -n 5 "$tmp/stderr.txt"
			failed=1
			return
		fi
		if ! grep -qE "\"resources\": *$objects," "$tmp/out.json"; then
			printf 'FAILED: vigil scan iac %s: the report does not count %d resources\n' "$label" "$objects"
			failed=1
			return
		fi
		t=$(tail -n 1 "$tmp/time.txt")
		echo "$t" >>"$tmp/e2e.$label"
		log "bench: $label run $run: ${t% *} s, ${t#* } KiB"
	done
}

# startup LABEL ARGS... runs `vigil ARGS` eleven times right after the
# build and records "wall_s rss_kib" per run in $tmp/e2e.LABEL: the wall
# time from bash's clock (microseconds; /usr/bin/time's is to 10 ms),
# the RSS from /usr/bin/time.
startup() {
	local label=$1 run rc t0 t1
	shift
	: >"$tmp/e2e.$label"
	for run in $(seq 11); do
		rc=0
		t0=$EPOCHREALTIME
		/usr/bin/time -f '%M' -o "$tmp/time.txt" "$tmp/vigil" "$@" >"$tmp/out.txt" 2>"$tmp/stderr.txt" || rc=$?
		t1=$EPOCHREALTIME
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			printf 'FAILED: vigil %s: exit %d\n' "$*" "$rc"
			tail -n 5 "$tmp/stderr.txt"
			failed=1
			return
		fi
		awk -v t0="$t0" -v t1="$t1" -v rss="$(tail -n 1 "$tmp/time.txt")" 'BEGIN { printf "%.6f %d\n", t1 - t0, rss }' >>"$tmp/e2e.$label"
	done
}

log "bench: start-up (11 runs each)"
: >"$tmp/empty.yaml"
startup version version
startup empty scan iac "$tmp/empty.yaml" --quiet
startup m20 scan iac "$tmp/m20" --format json --output "$tmp/out.json" --quiet
GODEBUG=inittrace=1 "$tmp/vigil" version 2>"$tmp/inittrace.txt" >/dev/null

log "bench: end-to-end scans (3 runs each, up to ${E2E_TIMEOUT} s per run)"
e2e 10k "$tmp/m10k" 10000
e2e 20 "$tmp/m20" 20
e2e 100k "$tmp/m100k" 100000 $((E2E_TIMEOUT * 2))

# Cloud IaC: geniac prints the path to scan and the aws.* resources the
# report must count.
log "bench: end-to-end scans of generated Terraform and CloudFormation"
"$GO" build -o "$tmp/geniac" ./internal/benchgen/cmd/geniac
for shape in TF110 CFN60 ModLib130 TF5000; do
	read -r path objects < <("$tmp/geniac" -out "$tmp/iac" -shape "$shape")
	e2e "$shape" "$path" "$objects"
done

# e2eaws LABEL N [ACCOUNTS] [TIMEOUT]: `vigil scan aws` (collect,
# evaluate, store in a new SQLite file) against a generated N-resource
# account — or an organization of ACCOUNTS such accounts, scanned with
# --org — served by awsreplay in its own process, so the RSS is Vigil's
# alone.
e2eaws() {
	local label=$1 n=$2 accounts=${3:-1} limit=${4:-$E2E_TIMEOUT} rc t pid org=()
	: >"$tmp/e2e.$label"
	if [ "$accounts" -gt 1 ]; then org=(--org --role-name VigilAudit); fi
	"$GO" build -o "$tmp/awsreplay" ./internal/awstest/cmd/awsreplay
	"$tmp/awsreplay" -generate "$n" -accounts "$accounts" >"$tmp/replay.env" 2>"$tmp/replay.err" &
	pid=$!
	for _ in $(seq 50); do [ -s "$tmp/replay.env" ] && break; sleep 0.2; done
	for run in 1 2 3; do
		rc=0
		rm -f "$tmp/aws.db"*
		(set -a; . "$tmp/replay.env"; AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
			/usr/bin/time -f '%e %M' -o "$tmp/time.txt" timeout "$limit" "$tmp/vigil" scan aws "${org[@]}" \
			--store "$tmp/aws.db" --rate 100000 --in-flight 64 --format json --output "$tmp/out.json" --quiet) 2>"$tmp/stderr.txt" || rc=$?
		if [ "$rc" -eq 124 ]; then echo "DNF $limit" >>"$tmp/e2e.$label"; break; fi
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
			printf 'FAILED: vigil scan aws %s: exit %d\n' "$label" "$rc"
			tail -n 5 "$tmp/stderr.txt"
			failed=1
			break
		fi
		t=$(tail -n 1 "$tmp/time.txt")
		echo "$t" >>"$tmp/e2e.$label"
		log "bench: $label run $run: ${t% *} s, ${t#* } KiB"
	done
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
log "bench: end-to-end vigil scan aws against generated accounts and an organization"
e2eaws aws5000 5000
e2eaws aws50000 50000
e2eaws org100x2000 2000 100 $((E2E_TIMEOUT * 3))

# ---------------------------------------------------------------------------
# e2erow LABEL MAX_WALL MAX_RSS_MIB prints one summary row; MAX_RSS_MIB 0
# means no memory target.
e2erow() {
	awk -v label="$1" -v maxwall="$2" -v maxrss="$3" -v limit="$E2E_TIMEOUT" '
		$1 == "DNF" { dnf = 1; if ($2 != "") limit = $2; next }
		{ wall[n++] = $1; if ($2 > rss) rss = $2 }
		END {
			runs = ""
			for (i = 0; i < n; i++) runs = runs sprintf("%7.2f s", wall[i])
			if (dnf) runs = runs sprintf("    DNF (> %d s)", limit)
			if (n == 0) { printf "%-14s %-33s %8s %9s   %s\n", label, runs, "-", "-", "no"; exit }
			# median of the finished runs (a DNF counts as the slowest)
			for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (wall[j] < wall[i]) { t = wall[i]; wall[i] = wall[j]; wall[j] = t }
			med = dnf ? "DNF" : sprintf("%.2f s", wall[int((n - 1) / 2)])
			met = (maxwall == 0) ? "-" : (!dnf && wall[int((n - 1) / 2)] <= maxwall && (maxrss == 0 || rss / 1024 <= maxrss)) ? "yes" : "no"
			printf "%-14s %-33s %8s %6.0f MiB   %s\n", label, runs, med, rss / 1024, met
		}' "$tmp/e2e.$1"
}

# startuprow TITLE LABEL MAX_WALL MAX_RSS_MIB prints the first run, the
# median wall time and that run's peak RSS; MAX_RSS_MIB 0 means no memory
# target.
startuprow() {
	[ -s "$tmp/e2e.$2" ] || { printf '%-22s no result\n' "$1"; return; }
	sort -n -k1,1 "$tmp/e2e.$2" | awk -v title="$1" -v first="$(head -n 1 "$tmp/e2e.$2" | cut -d' ' -f1)" -v maxwall="$3" -v maxrss="$4" '
		{ wall[NR] = $1; rss[NR] = $2 }
		END {
			m = int((NR + 1) / 2)
			met = (wall[m] <= maxwall && (maxrss == 0 || rss[m] / 1024 <= maxrss)) ? "yes" : "no"
			printf "%-22s %6.1f ms %6.1f ms %10.0f MiB   %s\n", title, first * 1000, wall[m] * 1000, rss[m] / 1024, met
		}'
}

engine=$(awk '$1 ~ /^BenchmarkEngine-/ { for (i = 1; i < NF; i++) if ($(i+1) == "objects/s") print $i }' "$tmp/all-bench.out" 2>/dev/null | tail -1)
echo
echo "== Summary (targets from the issue)"
if [ -n "$engine" ]; then
	met=$(awk -v v="$engine" 'BEGIN { print (v >= 20000) ? "yes" : "no" }')
	printf 'engine, whole library, 100,000 objects: %s objects/s (target >= 20,000): %s\n' "$engine" "$met"
elif [ -e "$tmp/dnf.BenchmarkEngine" ]; then
	printf 'engine, whole library, 100,000 objects: DNF, no result within %s s (the target needs <= 5 s per iteration): no\n' \
		"$BENCH_TIMEOUT"
else
	echo "engine, whole library, 100,000 objects: no result"
fi
assess=$(awk '$1 ~ /^BenchmarkAssess100k-/ { print $3 }' "$tmp/all-bench.out" 2>/dev/null | tail -1)
if [ -n "$assess" ]; then
	met=$(awk -v v="$assess" 'BEGIN { print (v <= 2e9) ? "yes" : "no" }')
	printf 'risk: graph, reachability, scoring, combinations, 100,000 findings: %.2f s (target <= 2 s): %s\n' "$(awk -v v="$assess" 'BEGIN { print v / 1e9 }')" "$met"
fi
echo
printf '%-14s %-33s %8s %10s   %s\n' "vigil scan iac" "wall time, runs 1-3" "median" "peak RSS" "target met"
e2erow 10k 5 500
e2erow 20 0 0
e2erow 100k 15 600
echo "(targets: 10k manifests <= 5 s and <= 500 MiB; 100k manifests in 100 namespaces <= 15 s and <= 600 MiB; 20 manifests: see start-up)"
echo
printf '%-22s %9s %9s %14s   %s\n' "start-up, 11 runs" "first" "median" "peak RSS" "target met"
startuprow "vigil version" version 0.020 0
startuprow "scan iac (empty)" empty 0.050 50
startuprow "scan iac (20)" m20 0.080 0
echo "(targets: version <= 20 ms; an empty scan <= 50 ms and <= 50 MiB; 20 manifests <= 80 ms; medians, peak RSS the median run's)"
awk '$1 == "init" { ms += $5; kb += $8 / 1024; n++ } END { printf "package inits (GODEBUG=inittrace=1 vigil version): %d packages, %.1f ms, %.0f KiB allocated\n", n, ms, kb }' "$tmp/inittrace.txt"
awk '$1 == "init" { printf "%10.0f KiB %7.2f ms  %s\n", $8 / 1024, $5, $2 }' "$tmp/inittrace.txt" | sort -rn | awk 'NR <= 5'
echo
printf '%-14s %-33s %8s %10s   %s\n' "vigil scan iac" "wall time, runs 1-3" "median" "peak RSS" "target met"
for shape in TF110 CFN60 ModLib130 TF5000; do e2erow "$shape" 0 0; done
echo "(cloud IaC, no targets: TF110 110 Terraform blocks, CFN60 60 CloudFormation resources, ModLib130 130 blocks 4 modules deep, TF5000 5,000 resources in 500 files)"
echo
printf '%-14s %-33s %8s %10s   %s\n' "vigil scan aws" "wall time, runs 1-3" "median" "peak RSS" "target met"
e2erow aws5000 0 0
e2erow aws50000 15 400
e2erow org100x2000 60 350
echo "(targets: a 50,000-resource account in <= 15 s and <= 400 MiB; an organization of 100 accounts of 2,000 resources in <= 60 s and <= 350 MiB; collection, evaluation and store included)"
awk '$1 ~ /^BenchmarkAWSScan/ { for (i = 1; i < NF; i++) if ($(i+1) == "calls/resource" || $(i+1) == "s3-calls/bucket") printf "%s %s %s\n", $1, $i, $(i+1) }' "$tmp/all-bench.out" 2>/dev/null || true
exit "$failed"
