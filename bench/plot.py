#!/usr/bin/env python3
"""bench/results/bench.json -> bench/results/bench.png: wall time and requests against N, per way and
scenario. Runs in the bench venv (hacking/venvs/bench.txt: matplotlib), never in make test.

    python bench/plot.py [bench/results]
"""

import json
import os
import sys

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

SCENARIOS = ['first', 'nochange', 'dashboard_changed', 'share_changed']


def main(folder):
    with open(os.path.join(folder, 'bench.json')) as handle:
        results = json.load(handle)
    cells = [v for k, v in results.items() if isinstance(v, dict) and 'scenario' in v]
    fig, axes = plt.subplots(2, len(SCENARIOS), figsize=(4 * len(SCENARIOS), 7), squeeze=False)
    for col, scenario in enumerate(SCENARIOS):
        for way in results['ways']:
            points = sorted((c['n'], c['wall'], c['requests']) for c in cells
                            if c['way'] == way and c['scenario'] == scenario)
            if not points:
                continue
            ns = [p[0] for p in points]
            axes[0][col].plot(ns, [p[1] for p in points], marker='o', label=way)
            axes[1][col].plot(ns, [p[2] for p in points], marker='o', label=way)
        least = sorted((c['n'], c['minimum']) for c in cells if c['scenario'] == scenario and c['way'] == 'sync')
        if least:
            axes[1][col].plot([p[0] for p in least], [p[1] for p in least], 'k--', label='least')
        axes[0][col].set_title(scenario)
        for row, label in ((0, 'wall s (median)'), (1, 'HTTP requests')):
            ax = axes[row][col]
            ax.set_xscale('log')
            ax.set_yscale('log')
            ax.set_xlabel('dashboards (N)')
            ax.set_ylabel(label)
            ax.grid(True, which='both', alpha=0.3)
    axes[0][0].legend()
    axes[1][0].legend()
    fig.tight_layout()
    out = os.path.join(folder, 'bench.png')
    fig.savefig(out, dpi=80)
    print('plot: %s' % out)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'results'))
