import * as echarts from "echarts";
import type { FlowGraph } from "../../domain/flow-graph.ts";

/**
 * The report's charts, drawn here on the server as SVG by ECharts (no JavaScript in the browser).
 * ECharts escapes the text it writes into the SVG (labels come from campaign titles, which anyone
 * registering a campaign chooses); a test renders a hostile title to keep that true. Amounts are
 * drawn from numbers (a chart needs no more than a double's precision); the tables beside each
 * chart carry the exact figures.
 */

const FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, system-ui, sans-serif";
const COLOURS = ["#0a4f9e", "#0b6633", "#a3161a", "#6e4400", "#5b3f99", "#00707a", "#474747"];

function draw(width: number, height: number, option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: COLOURS, textStyle: { fontFamily: FONT, color: "#1b1b1b" }, ...option });
    return chart.renderToSVGString();
  } finally {
    // A chart left undisposed keeps a timer, and the process with it.
    chart.dispose();
  }
}

export interface Slice {
  label: string;
  value: number;
}

/** A pie of shares (channels, purposes); undefined when there is nothing to draw. */
export function pieChart(slices: Slice[]): string | undefined {
  const shown = slices.filter((s) => s.value > 0);
  if (shown.length === 0) return undefined;
  return draw(640, 300, {
    series: [
      {
        type: "pie",
        radius: ["30%", "62%"],
        center: ["50%", "52%"],
        label: { show: true, formatter: "{b}\n{d}%", fontSize: 14 },
        data: shown.map((s) => ({ name: s.label, value: s.value })),
      },
    ],
  });
}

/** A bar chart of amounts by category (unspent money by age), values labelled with `format`. */
export function barChart(bars: (Slice & { text: string })[]): string | undefined {
  if (bars.every((b) => b.value <= 0)) return undefined;
  return draw(640, 300, {
    grid: { left: 24, right: 24, top: 36, bottom: 48, containLabel: true },
    xAxis: { type: "category", data: bars.map((b) => b.label), axisLabel: { fontSize: 13, interval: 0 } },
    yAxis: { type: "value", axisLabel: { fontSize: 12 } },
    series: [
      {
        type: "bar",
        barMaxWidth: 64,
        data: bars.map((b) => b.value),
        label: { show: true, position: "top", fontSize: 12, formatter: (p: { dataIndex: number }) => bars[p.dataIndex]!.text },
      },
    ],
  });
}

/**
 * A Sankey diagram of a flow graph: channels → campaigns → campaigns → purposes. Grants both
 * ways between two campaigns would make a cycle, which a Sankey cannot draw: such an edge is left
 * out of the drawing (the table beside it lists every edge).
 */
export function sankeyChart(graph: FlowGraph, labelOf: (id: string) => string): string | undefined {
  const sums = new Map<string, { source: string; target: string; value: number }>();
  for (const e of graph.edges) {
    const key = `${e.source}\u0000${e.target}`;
    const link = sums.get(key) ?? { source: e.source, target: e.target, value: 0 };
    link.value += Number(e.amount);
    sums.set(key, link);
  }
  const links: { source: string; target: string; value: number }[] = [];
  const next = new Map<string, string[]>();
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    from === to || (!seen.has(from) && (seen.add(from), (next.get(from) ?? []).some((n) => reaches(n, to, seen))));
  for (const link of [...sums.values()].sort((a, b) => b.value - a.value)) {
    if (link.value <= 0 || reaches(link.target, link.source)) continue;
    links.push(link);
    next.set(link.source, [...(next.get(link.source) ?? []), link.target]);
  }
  if (links.length === 0) return undefined;
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  const height = Math.min(900, Math.max(320, used.size * 28));
  return draw(760, height, {
    series: [
      {
        type: "sankey",
        left: 8,
        right: 150,
        top: 12,
        bottom: 12,
        nodeGap: 10,
        draggable: false,
        layoutIterations: 32,
        lineStyle: { color: "source", opacity: 0.35 },
        label: { fontSize: 12, formatter: (p: { name: string }) => truncate(labelOf(p.name), 26) },
        data: graph.nodes.filter((n) => used.has(n.id)).map((n) => ({ name: n.id })),
        links,
      },
    ],
  });
}

function truncate(label: string, max: number): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : label;
}
