-- wrk script for bench/run.sh: POSTs the JSON body in the file named by BENCH_BODY (headers come from wrk -H)
-- and prints the summary as key=value lines (latencies in microseconds) for the script to read.
local path = os.getenv("BENCH_BODY") or error("BENCH_BODY is not set")
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench_requests=%d\n", summary.requests))
  io.write(string.format("bench_duration_us=%d\n", summary.duration))
  io.write(string.format("bench_socket_errors=%d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("bench_status_errors=%d\n", e.status))
  io.write(string.format("bench_p50_us=%d\n", latency:percentile(50)))
  io.write(string.format("bench_p99_us=%d\n", latency:percentile(99)))
  io.write(string.format("bench_mean_us=%.0f\n", latency.mean))
end
