"""python -m bench [--model DIR] [--runtime auto|torch|onnx] [--quick]: SourceMark's speed, as a table and JSON."""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from sourcemark.runtime.classifier import Classifier  # noqa: E402
from sourcemark.settings import DEFAULT_MODEL_DIR  # noqa: E402

from . import http, inprocess  # noqa: E402
from .articles import article, test_pages  # noqa: E402

SIZES = (10, 60, 400)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    parser.add_argument("--runtime", default="auto", choices=["auto", "torch", "onnx"])
    parser.add_argument("--workers", type=int, default=int(os.environ.get("SOURCEMARK_WORKERS", 2)))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("SOURCEMARK_THREADS", 1)))
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; the median is reported")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no 16-client load")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--out", default="bench-results.json")
    args = parser.parse_args()
    repeat = 3 if args.quick else 10
    runs = 2 if args.quick else args.runs
    texts = {n: article(n) for n in SIZES}
    result = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": f"{platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} cores", "runtime": args.runtime, "sizes": {}}

    threads = int(os.environ.get("SOURCEMARK_INFERENCE_THREADS", 0) or 0)
    gate = os.environ.get("SOURCEMARK_FURNITURE_GATE", "true").lower() not in ("0", "false", "no", "off")
    clf = Classifier(args.model, runtime=args.runtime, cache_bytes=0, threads=threads, gate=gate)
    result["model"] = f"{clf.name} {clf.version} ({clf.runtime.name}{', furniture gate' if clf.gate else ''})"
    for n, text in texts.items():
        r = {"classifier": inprocess.bench_classifier(clf, text, runs, repeat if n < 400 else max(2, repeat // 3)),
             "analyze": inprocess.bench_analyze(clf, text, runs, repeat if n < 400 else max(2, repeat // 3)),
             "stages": inprocess.stages(clf, text, repeat)}
        result["sizes"][n] = r
    result["pages"] = inprocess.bench_pages(clf, test_pages(), repeat)
    result["naive_60"] = inprocess.bench_naive(clf.folder, texts[60], max(2, runs // 2))
    result["speedup_vs_naive_60"] = round(result["naive_60"]["p50_ms"] / result["sizes"][60]["analyze"]["p50_ms"], 1)
    del clf

    if not args.skip_http:
        env = {"SOURCEMARK_MODEL": args.model, "SOURCEMARK_RUNTIME": args.runtime,
               "SOURCEMARK_WORKERS": str(args.workers), "SOURCEMARK_THREADS": str(args.threads)}
        server = http.Server({**env, "SOURCEMARK_SCORE_CACHE_MB": "0", "SOURCEMARK_RESULT_CACHE_MB": "0"}, texts[10])
        try:
            result["cold_start_s"] = server.cold_start_s
            for n, text in texts.items():
                result["sizes"][n]["http"] = http.latency(server, text, runs, repeat if n < 400 else max(2, repeat // 3))
            many = [article(60, offset=k * 7) for k in range(32)]
            result["throughput_60"] = [http.throughput(server, many, c, 4 if args.quick else 8)
                                       for c in ((1, 4) if args.quick else (1, 4, 16))]
            result["worker_rss_mb"] = server.worker_rss_mb()
        finally:
            server.stop()
        cached = http.Server(env, texts[10])
        try:
            result["http_cached_60"] = http.latency(cached, texts[60], runs, repeat)
        finally:
            cached.stop()
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(render(result))
    print(f"\nwritten to {args.out}")


def render(r: dict) -> str:
    lines = [f"SourceMark bench, {r['when']}, {r['machine']}, model {r['model']}",
             "figures are medians of runs (noise = spread of run p50s)", "",
             "| sentences | classifier p50/p95 ms | analyze p50/p95 ms | HTTP p50/p95 ms | segment / tokenise / model ms |",
             "|---|---|---|---|---|"]
    for n, s in r["sizes"].items():
        h = s.get("http")
        cell = lambda m: f"{m['p50_ms']:.1f} / {m['p95_ms']:.1f} (±{m['noise_pct']:.0f}%)"  # noqa: E731
        st = s["stages"]
        lines.append(f"| {n} | {cell(s['classifier'])} | {cell(s['analyze'])} | {cell(h) if h else '-'} | "
                     f"{st['segment_ms']} / {st['tokenise_ms']} / {st['model_ms']} |")
    if "pages" in r:
        p = r["pages"]
        lines += ["", f"whole test-split articles ({p['articles']}, median {p['median_sentences']} sentences, one-line "
                  f"paragraphs included): analyze p50 {p['p50_ms']} ms per article, slowest {p['max_ms']} ms"]
    lines += ["", f"naive baseline (pipeline, batch 1, pad 128), 60 sentences: {r['naive_60']['p50_ms']:.0f} ms; "
              f"analyze is {r['speedup_vs_naive_60']}x faster"]
    if "throughput_60" in r:
        lines += [f"cold start to first answer: {r['cold_start_s']} s; worker RSS MB: {r['worker_rss_mb']}",
                  f"HTTP, 60 sentences, cached: p50 {r['http_cached_60']['p50_ms']:.1f} ms, p95 {r['http_cached_60']['p95_ms']:.1f} ms",
                  "", "| clients | requests | errors | articles/s | p50 ms | p95 ms |", "|---|---|---|---|---|---|"]
        lines += [f"| {t['clients']} | {t['requests']} | {t['errors']} | {t['articles_per_s']} | {t['p50_ms']} | {t['p95_ms']} |"
                  for t in r["throughput_60"]]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
