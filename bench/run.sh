#!/usr/bin/env bash
# The proxy's own overhead, measured side by side: the same load sent through the proxy and straight to a fake
# Anthropic upstream, in one run, on 127.0.0.1 only. See docs/benchmarks.md.
#
#   bench/run.sh              JSON and streaming at 1, 16 and 64 connections, first streamed chunk, a 200 ms
#                             upstream, a cached row; writes bench/results/latest.md (about 5 minutes)
#   bench/run.sh --soak       five minutes of mixed load, sampling the proxy's memory; writes bench/results/soak.md
#   bench/run.sh --micro      the translation microbenchmarks (BenchmarkDotNet); writes bench/results/micro.md
#
# Options: --duration SECONDS per row (default 10), --quick (3 s rows, to check the script), --minutes N (soak, default 5).
# BENCH_PROXY_ENV="NAME=value …" adds settings to every proxy started (e.g. DOTNET_gcServer=1 to compare GC modes).
set -euo pipefail

mode=load
duration=${BENCH_DURATION:-10}
soak_minutes=${BENCH_SOAK_MINUTES:-5}
delay_ms=200
while [ $# -gt 0 ]; do
  case "$1" in
    --soak) mode=soak ;;
    --micro) mode=micro ;;
    --quick) duration=3 ;;
    --duration) duration=${2:?--duration needs seconds}; shift ;;
    --minutes) soak_minutes=${2:?--minutes needs a number}; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/bench/results"
work=$(mktemp -d "${TMPDIR:-/tmp}/haloclaude-bench.XXXXXX")
pids=()

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    echo "bench: failed; logs kept in $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

# --- tools -------------------------------------------------------------------------------------------------------
missing=0
need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "bench: '$1' is missing. $2" >&2
    missing=1
  fi
}
need dotnet "Install the .NET SDK named in global.json."
if [ "$mode" != micro ]; then
  need wrk "On Debian or Ubuntu: apt-get install -y wrk"
  need curl "On Debian or Ubuntu: apt-get install -y curl"
fi
[ "$missing" -eq 0 ] || exit 1
[ -r /proc/self/stat ] || fail "needs Linux /proc to read CPU time and memory"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mkdir -p "$results"

say "building the proxy and the benchmark tools in Release"
if ! dotnet build "$root/bench/HaloClaude.Benchmarks/HaloClaude.Benchmarks.csproj" -c Release -nologo -v quiet >"$work/build.log" 2>&1; then
  tail -n 30 "$work/build.log" >&2
  fail "the Release build failed"
fi
proxy_dir="$root/src/HaloClaude/bin/Release/net10.0"
tools="$root/bench/HaloClaude.Benchmarks/bin/Release/net10.0/HaloClaude.Benchmarks.dll"
[ -f "$proxy_dir/HaloClaude.dll" ] && [ -f "$tools" ] || fail "the Release build left no HaloClaude.dll or HaloClaude.Benchmarks.dll"

# --- microbenchmarks -----------------------------------------------------------------------------------------------
if [ "$mode" = micro ]; then
  say "running the translation microbenchmarks (BenchmarkDotNet, short job)"
  (cd "$root/bench/HaloClaude.Benchmarks" && dotnet "$tools" --filter '*' --job short --artifacts "$work/bdn") | tee "$work/bdn.log" >&2
  {
    echo "# Translation microbenchmarks"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'); BenchmarkDotNet short job; one typical Halo request (about 3 KB) and answer (about 1.4 KB)."
    first=1
    for report in "$work"/bdn/results/*-report-github.md; do
      echo
      # The environment block (BenchmarkDotNet, OS, CPU, runtime) once, then only the tables.
      if [ "$first" -eq 1 ]; then sed -e "s/&#39;/'/g" "$report"; else sed -e '/^```/,/^```/d' -e "s/&#39;/'/g" "$report"; fi
      first=0
    done
  } >"$results/micro.md"
  say "wrote bench/results/micro.md"
  exit 0
fi

# --- servers -------------------------------------------------------------------------------------------------------
proxy_key=bench-proxy-key
upstream_key=bench-upstream-key
deployment=halo-bench
clk_tck=$(getconf CLK_TCK)
read -ra proxy_env <<<"${BENCH_PROXY_ENV:-}"
proxy_gc=workstation
grep -q '"System.GC.Server": true' "$proxy_dir/HaloClaude.runtimeconfig.json" && proxy_gc=server
case " ${BENCH_PROXY_ENV:-} " in
  *" DOTNET_gcServer=1 "*) proxy_gc=server ;;
  *" DOTNET_gcServer=0 "*) proxy_gc=workstation ;;
esac

# Waits up to $3 seconds for the pattern $2 in the log $1, as long as process $4 lives.
wait_for_log() {
  local log=$1 pattern=$2 seconds=$3 pid=$4 i
  for ((i = 0; i < seconds * 10; i++)); do
    grep -q "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; fail "process $pid exited before it was ready (log: $log)"; }
    sleep 0.1
  done
  tail -n 20 "$log" >&2
  fail "timed out waiting for '$pattern' in $log"
}

start_upstream() {
  dotnet "$tools" upstream --delay-ms "$delay_ms" >"$work/upstream.log" 2>&1 &
  upstream_pid=$!
  pids+=("$upstream_pid")
  wait_for_log "$work/upstream.log" '^fast=' 30 "$upstream_pid"
  fast_port=$(sed -n 's/^fast=\([0-9]*\) delayed=\([0-9]*\)$/\1/p' "$work/upstream.log")
  delayed_port=$(sed -n 's/^fast=\([0-9]*\) delayed=\([0-9]*\)$/\2/p' "$work/upstream.log")
  runtime=$(sed -n 's/^runtime: //p' "$work/upstream.log")
  say "fake upstream on 127.0.0.1:$fast_port (and :$delayed_port with a $delay_ms ms delay)"
}

# start_proxy NAME UPSTREAM_PORT [SETTING=VALUE…]: the Release proxy on a free loopback port; sets proxy_pid, proxy_port.
start_proxy() {
  local name=$1 port=$2
  shift 2
  local log="$work/proxy-$name.log"
  # Settings that would change what is measured are unset; the rest is the default configuration.
  (cd "$proxy_dir" && exec env -u REDIS_CONNECTION_STRING -u HALO_API_URL -u HALO_CLIENT_ID -u HALO_CLIENT_SECRET \
      -u ADMIN_API_KEY -u PROXY_API_KEYS -u LOG_PROMPTS -u OTEL_EXPORTER_OTLP_ENDPOINT -u APPLICATIONINSIGHTS_CONNECTION_STRING \
      -u ASPNETCORE_ENVIRONMENT -u DOTNET_ENVIRONMENT \
      ANTHROPIC_API_KEY="$upstream_key" ANTHROPIC_BASE_URL="http://127.0.0.1:$port" LITELLM_MASTER_KEY="$proxy_key" \
      ASPNETCORE_URLS=http://127.0.0.1:0 "DEPLOYMENT__$deployment=claude-sonnet-4-6" \
      Cache__ResponseTtl=00:00:00 Limits__RequestsPerMinutePerKey=0 Limits__ConcurrentRequestsPerKey=0 \
      "${proxy_env[@]}" "$@" dotnet HaloClaude.dll) >"$log" 2>&1 &
  proxy_pid=$!
  pids+=("$proxy_pid")
  wait_for_log "$log" 'Now listening on: http://127.0.0.1:' 60 "$proxy_pid"
  proxy_port=$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$log" | head -n 1 | grep -o '[0-9]*$')
  curl -sf "http://127.0.0.1:$proxy_port/health" >/dev/null || fail "the proxy ($name) does not answer /health"
  say "proxy ($name) on 127.0.0.1:$proxy_port, pid $proxy_pid"
}

stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

cpu_ticks() { cut -d')' -f2 "/proc/$1/stat" | awk '{print $12 + $13}'; }
rss_kb() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }

proxy_url() { echo "http://127.0.0.1:$proxy_port/openai/deployments/$deployment/chat/completions?api-version=2024-02-01"; }
direct_url() { echo "http://127.0.0.1:$1/v1/messages"; }
proxy_headers=(-H "api-key: $proxy_key")
direct_headers=(-H "x-api-key: $upstream_key" -H "anthropic-version: 2023-06-01")

declare -A rps p50 p99 cpu rss errors

# load NAME SECONDS CONNECTIONS URL BODY CPU_PID HEADER_ARGS…: one wrk run; results go into the arrays under NAME.
load() {
  local name=$1 seconds=$2 connections=$3 url=$4 body=$5 pid=$6
  shift 6
  local threads=$((connections < 2 ? 1 : 2)) out="$work/$name.wrk" before after
  before=$(cpu_ticks "$pid")
  BENCH_BODY="$body" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s -s "$root/bench/wrk/post.lua" "$@" "$url" >"$out" 2>&1 \
    || { cat "$out" >&2; fail "wrk failed for $name"; }
  after=$(cpu_ticks "$pid")
  local requests duration
  requests=$(sed -n 's/^bench_requests=//p' "$out")
  duration=$(sed -n 's/^bench_duration_us=//p' "$out")
  [ -n "$requests" ] && [ "$requests" -gt 0 ] || { cat "$out" >&2; fail "wrk completed no request for $name"; }
  rps[$name]=$(awk -v r="$requests" -v d="$duration" 'BEGIN {printf "%.0f", r / (d / 1e6)}')
  p50[$name]=$(sed -n 's/^bench_p50_us=//p' "$out")
  p99[$name]=$(sed -n 's/^bench_p99_us=//p' "$out")
  cpu[$name]=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v r="$requests" 'BEGIN {printf "%.0f", t / hz * 1e6 / r}')
  rss[$name]=$(rss_kb "$pid" VmRSS)
  errors[$name]=$(( $(sed -n 's/^bench_socket_errors=//p' "$out") + $(sed -n 's/^bench_status_errors=//p' "$out") ))
  [ "${errors[$name]}" -eq 0 ] || say "$name: ${errors[$name]} failed requests (see $out)"
  say "$(printf '%-22s %7s req/s  p50 %6s us  p99 %7s us  %5s us CPU/req' "$name" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" "${cpu[$name]}")"
}

# first_chunk NAME URL BODY HEADER_ARGS…: the first-chunk probe over one connection.
first_chunk() {
  local name=$1 url=$2 body=$3
  shift 3
  local out="$work/$name.probe" args=()
  while [ $# -gt 0 ]; do args+=(--header "$2"); shift 2; done
  dotnet "$tools" first-chunk --url "$url" --body "$body" --requests "$probe_requests" --warmup 200 "${args[@]}" >"$out" 2>&1 \
    || { cat "$out" >&2; fail "the first-chunk probe failed for $name"; }
  p50[$name]=$(sed -n 's/^first_p50_us=//p' "$out")
  p99[$name]=$(sed -n 's/^first_p99_us=//p' "$out")
  say "$(printf '%-22s first chunk p50 %6s us  p99 %7s us' "$name" "${p50[$name]}" "${p99[$name]}")"
}

dotnet "$tools" payloads --out "$work/payloads"
proxy_json="$work/payloads/proxy-json.json"
proxy_stream="$work/payloads/proxy-stream.json"
direct_json="$work/payloads/direct-json.json"
direct_stream="$work/payloads/direct-stream.json"
start_upstream

# --- soak ------------------------------------------------------------------------------------------------------------
if [ "$mode" = soak ]; then
  start_proxy soak "$fast_port"
  seconds=$((soak_minutes * 60))
  say "soak: $soak_minutes minutes of JSON (16 connections) and streaming (16 connections) at once, memory every 10 s"
  BENCH_BODY="$proxy_json" wrk -t1 -c16 -d"${seconds}s" --timeout 10s -s "$root/bench/wrk/post.lua" "${proxy_headers[@]}" "$(proxy_url)" >"$work/soak-json.wrk" 2>&1 &
  json_pid=$!
  pids+=("$json_pid")
  BENCH_BODY="$proxy_stream" wrk -t1 -c16 -d"${seconds}s" --timeout 10s -s "$root/bench/wrk/post.lua" "${proxy_headers[@]}" "$(proxy_url)" >"$work/soak-stream.wrk" 2>&1 &
  stream_pid=$!
  pids+=("$stream_pid")
  start_ticks=$(cpu_ticks "$proxy_pid")
  : >"$work/soak.tsv"
  for ((t = 0; t <= seconds; t += 10)); do
    echo "$t $(rss_kb "$proxy_pid" VmRSS)" >>"$work/soak.tsv"
    if [ "$t" -lt "$seconds" ]; then sleep 10; fi
  done
  wait "$json_pid" || fail "wrk (JSON) failed in the soak"
  wait "$stream_pid" || fail "wrk (stream) failed in the soak"
  end_ticks=$(cpu_ticks "$proxy_pid")
  peak=$(rss_kb "$proxy_pid" VmHWM)
  total=0; failed=0
  for f in "$work/soak-json.wrk" "$work/soak-stream.wrk"; do
    total=$((total + $(sed -n 's/^bench_requests=//p' "$f")))
    failed=$((failed + $(sed -n 's/^bench_socket_errors=//p' "$f") + $(sed -n 's/^bench_status_errors=//p' "$f")))
  done
  # Flat: the last minute's mean RSS is within 10 % (or 10 MB) of the second minute's (the first minute is warm-up).
  read -r early late verdict < <(awk '
    $1 >= 60 && $1 < 120 {e += $2; ne++}
    $1 > '"$seconds"' - 60 {l += $2; nl++}
    END {e /= (ne ? ne : 1); l /= (nl ? nl : 1); d = l - e;
         printf "%.1f %.1f %s\n", e / 1024, l / 1024, (d <= 10240 || d <= e * 0.10) ? "flat" : "growing"}' "$work/soak.tsv")
  {
    echo "# Soak: $soak_minutes minutes of mixed load"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')); $runtime, proxy with $proxy_gc GC."
    echo "JSON and streaming requests (16 connections each, at once) through the proxy to the fake upstream, no delay."
    echo
    echo "| Requests | Failed | Proxy CPU per request | Peak RSS | Mean RSS, minute 2 | Mean RSS, last minute | Memory |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    printf '| %s | %s | %s µs | %.1f MB | %s MB | %s MB | %s |\n' "$total" "$failed" \
      "$(awk -v t=$((end_ticks - start_ticks)) -v hz="$clk_tck" -v r="$total" 'BEGIN {printf "%.0f", t / hz * 1e6 / r}')" \
      "$(awk -v k="$peak" 'BEGIN {print k / 1024}')" "$early" "$late" "$verdict"
    echo
    echo "RSS every 30 s:"
    echo
    echo "| Time | RSS |"
    echo "| ---: | ---: |"
    awk '$1 % 30 == 0 {printf "| %d:%02d | %.1f MB |\n", $1 / 60, $1 % 60, $2 / 1024}' "$work/soak.tsv"
  } >"$results/soak.md"
  cat "$results/soak.md"
  say "wrote bench/results/soak.md"
  exit 0
fi

# --- the standard run --------------------------------------------------------------------------------------------------
probe_requests=${BENCH_PROBE_REQUESTS:-1000}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start_proxy main "$fast_port"
main_pid=$proxy_pid
fast=$(direct_url "$fast_port")

say "warming up (JIT, connection pools)"
warm=$((duration < 5 ? duration : 5))
load warm-proxy-json "$warm" 16 "$(proxy_url)" "$proxy_json" "$main_pid" "${proxy_headers[@]}"
load warm-proxy-stream "$warm" 16 "$(proxy_url)" "$proxy_stream" "$main_pid" "${proxy_headers[@]}"
load warm-direct-json "$warm" 16 "$fast" "$direct_json" "$upstream_pid" "${direct_headers[@]}"

for kind in json stream; do
  body_proxy=$proxy_json; body_direct=$direct_json
  if [ "$kind" = stream ]; then body_proxy=$proxy_stream; body_direct=$direct_stream; fi
  for c in 1 16 64; do
    load "direct-$kind-$c" "$duration" "$c" "$fast" "$body_direct" "$upstream_pid" "${direct_headers[@]}"
    load "proxy-$kind-$c" "$duration" "$c" "$(proxy_url)" "$body_proxy" "$main_pid" "${proxy_headers[@]}"
  done
done

first_chunk direct-first "$fast" "$direct_stream" "${direct_headers[@]}"
first_chunk proxy-first "$(proxy_url)" "$proxy_stream" "${proxy_headers[@]}"
main_peak=$(rss_kb "$main_pid" VmHWM)
main_parts=$(awk '$1 ~ /^Rss(Anon|File|Shmem):$/ {printf "%s%s %.0f MB", sep, substr($1, 4, length($1) - 4), $2 / 1024; sep = ", "}' "/proc/$main_pid/status")
main_threads=$(awk '$1 == "Threads:" {print $2}' "/proc/$main_pid/status")
stop "$main_pid"

start_proxy slow "$delayed_port"
slow=$(direct_url "$delayed_port")
load warm-slow "$warm" 64 "$(proxy_url)" "$proxy_json" "$proxy_pid" "${proxy_headers[@]}"
for kind in json stream; do
  body_proxy=$proxy_json; body_direct=$direct_json
  if [ "$kind" = stream ]; then body_proxy=$proxy_stream; body_direct=$direct_stream; fi
  load "direct-$kind-64-slow" "$duration" 64 "$slow" "$body_direct" "$upstream_pid" "${direct_headers[@]}"
  load "proxy-$kind-64-slow" "$duration" 64 "$(proxy_url)" "$body_proxy" "$proxy_pid" "${proxy_headers[@]}"
done
slow_peak=$(rss_kb "$proxy_pid" VmHWM)
stop "$proxy_pid"

start_proxy cached "$fast_port" Cache__ResponseTtl=00:05:00
load warm-cached "$warm" 16 "$(proxy_url)" "$proxy_json" "$proxy_pid" "${proxy_headers[@]}"
load proxy-json-64-cached "$duration" 64 "$(proxy_url)" "$proxy_json" "$proxy_pid" "${proxy_headers[@]}"
stop "$proxy_pid"

# --- report ------------------------------------------------------------------------------------------------------------
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }
added() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.2f", (a - b) / 1000}'; }
row() { # row LABEL CONNECTIONS DIRECT PROXY
  local label=$1 c=$2 d=$3 p=$4 note=""
  [ "${errors[$d]:-0}" -eq 0 ] && [ "${errors[$p]:-0}" -eq 0 ] || note=" (failed requests: ${errors[$d]:-0} direct, ${errors[$p]:-0} proxy)"
  printf '| %s%s | %s | %s | %s | %.2f | %s | %s | %s | %s | %s | %s | %s µs | %.0f MB |\n' "$label" "$note" "$c" \
    "${rps[$d]}" "${rps[$p]}" "$(awk -v p="${rps[$p]}" -v d="${rps[$d]}" 'BEGIN {print p / d}')" \
    "$(ms "${p50[$d]}")" "$(ms "${p50[$p]}")" "$(added "${p50[$p]}" "${p50[$d]}")" \
    "$(ms "${p99[$d]}")" "$(ms "${p99[$p]}")" "$(added "${p99[$p]}" "${p99[$d]}")" \
    "${cpu[$p]}" "$(awk -v k="${rss[$p]}" 'BEGIN {print k / 1024}')"
}
verdict() { awk -v v="$1" -v limit="$2" -v op="$3" 'BEGIN {ok = (op == "<=") ? v <= limit : v >= limit; print ok ? "met" : "**missed**"}'; }

ratio64=$(awk -v p="${rps[proxy-json-64]}" -v d="${rps[direct-json-64]}" 'BEGIN {printf "%.2f", p / d}')
added_json1=$(awk -v a="${p50[proxy-json-1]}" -v b="${p50[direct-json-1]}" 'BEGIN {printf "%.2f", (a - b) / 1000}')
added_first=$(awk -v a="${p50[proxy-first]}" -v b="${p50[direct-first]}" 'BEGIN {printf "%.2f", (a - b) / 1000}')
added_slow=$(awk -v a="${p50[proxy-json-64-slow]}" -v b="${p50[direct-json-64-slow]}" 'BEGIN {printf "%.2f", (a - b) / 1000}')
added_slow_stream=$(awk -v a="${p50[proxy-stream-64-slow]}" -v b="${p50[direct-stream-64-slow]}" 'BEGIN {printf "%.2f", (a - b) / 1000}')
peak_mb=$(awk -v k="$main_peak" 'BEGIN {printf "%.0f", k / 1024}')

{
  echo "# Proxy overhead benchmark"
  echo
  echo "- When: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM; load average before the run: $load_before"
  echo "- Runtime: $runtime, proxy with $proxy_gc GC; $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2); ${duration} s per row; wrk threads: 1 at 1 connection, 2 otherwise"
  echo "- Request: a typical Halo click, $(wc -c <"$proxy_json") bytes in (system prompt and three turns of a ticket); answer 1.4 KB of text, $(grep -c '^event: content_block_delta' "$work/payloads/answer.sse") deltas ($(wc -c <"$work/payloads/answer.sse") bytes of SSE from the upstream)"
  echo "- Proxy: Release build, default settings except response cache off, per-key limits off, one configured deployment${BENCH_PROXY_ENV:+; extra: $BENCH_PROXY_ENV}"
  echo
  echo "Direct = the same load sent straight to the fake upstream (the equivalent Messages request: JSON answer for the JSON rows,"
  echo "SSE for the stream rows). Proxied = through the proxy, which always streams from the upstream. Latencies in ms."
  echo
  echo "| Scenario | Conns | Direct req/s | Proxy req/s | Ratio | Direct p50 | Proxy p50 | Added p50 | Direct p99 | Proxy p99 | Added p99 | Proxy CPU/req | Proxy RSS |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for c in 1 16 64; do row "JSON" "$c" "direct-json-$c" "proxy-json-$c"; done
  for c in 1 16 64; do row "Stream" "$c" "direct-stream-$c" "proxy-stream-$c"; done
  row "JSON, upstream +${delay_ms} ms" 64 direct-json-64-slow proxy-json-64-slow
  row "Stream, upstream +${delay_ms} ms" 64 direct-stream-64-slow proxy-stream-64-slow
  row "JSON, response cache on (hits)" 64 direct-json-64 proxy-json-64-cached
  echo
  echo "First streamed chunk, 1 connection, $probe_requests sequential requests (bench/HaloClaude.Benchmarks first-chunk):"
  echo
  echo "| | Direct | Proxy | Added |"
  echo "| --- | ---: | ---: | ---: |"
  echo "| p50 | $(ms "${p50[direct-first]}") | $(ms "${p50[proxy-first]}") | $(added "${p50[proxy-first]}" "${p50[direct-first]}") |"
  echo "| p99 | $(ms "${p99[direct-first]}") | $(ms "${p99[proxy-first]}") | $(added "${p99[proxy-first]}" "${p99[direct-first]}") |"
  echo
  echo "Proxy peak memory (VmHWM): $peak_mb MB over the main rows (at their end: $main_parts; $main_threads threads);"
  echo "$(awk -v k="$slow_peak" 'BEGIN {printf "%.0f", k / 1024}') MB for the ${delay_ms} ms rows. Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| Target | Measured | |"
  echo "| --- | ---: | --- |"
  echo "| JSON at 64 connections: proxy throughput ≥ 0.35 × direct | $ratio64 × | $(verdict "$ratio64" 0.35 '>=') |"
  echo "| Added latency at 1 connection, JSON: ≤ 0.3 ms p50 | $added_json1 ms | $(verdict "$added_json1" 0.3 '<=') |"
  echo "| Added latency to the first streamed chunk: ≤ 1 ms p50 | $added_first ms | $(verdict "$added_first" 1 '<=') |"
  echo "| Upstream +${delay_ms} ms, 64 connections, JSON: ≤ 1 ms p50 added | $added_slow ms | $(verdict "$added_slow" 1 '<=') |"
  echo "| Upstream +${delay_ms} ms, 64 connections, stream: ≤ 1 ms p50 added | $added_slow_stream ms | $(verdict "$added_slow_stream" 1 '<=') |"
  echo "| Peak memory under load ≤ 150 MB | $peak_mb MB | $(verdict "$peak_mb" 150 '<=') |"
  echo
  echo "Memory over five minutes: \`bench/run.sh --soak\` (bench/results/soak.md). Allocations: \`bench/run.sh --micro\` (bench/results/micro.md)."
} >"$results/latest.md"

cat "$results/latest.md"
say "wrote bench/results/latest.md"
