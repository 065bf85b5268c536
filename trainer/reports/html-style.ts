// The stylesheet of report.html, inline in the page (no external request).

export const STYLE = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5d6675; --line: #dde1e7; --bg: #f6f7f9; --accent: #3f6fb5; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 20px 32px 12px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 24px; }
h2 { margin: 0 0 12px; font-size: 18px; }
.sub, .hint, footer { color: var(--muted); }
.sub { margin: 0; }
main { padding: 16px 32px; display: grid; grid-template-columns: minmax(0, 1fr); gap: 20px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin-bottom: 16px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 600; }
.card .note { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
.breakdowns { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table.breakdown { border-collapse: collapse; min-width: 220px; }
table.breakdown caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
table.breakdown td { padding: 2px 10px 2px 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
.tools { margin-bottom: 8px; display: flex; gap: 16px; align-items: center; }
.tools input { font: inherit; padding: 4px 8px; width: 22em; max-width: 60vw; }
#shown { color: var(--muted); }
.scroll { overflow-x: auto; }
#anomalies { border-collapse: collapse; width: 100%; font-size: 13px; }
#anomalies th { position: sticky; top: 0; background: #eef1f5; text-align: left; white-space: nowrap; border-bottom: 2px solid var(--line); padding: 0; }
#anomalies th button { all: unset; cursor: pointer; display: block; padding: 6px 8px; }
#anomalies th button:focus-visible { outline: 2px solid var(--accent); }
#anomalies th[aria-sort="ascending"] button::after { content: " ▲"; }
#anomalies th[aria-sort="descending"] button::after { content: " ▼"; }
#anomalies td { padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
#anomalies tbody tr:hover { background: #f3f6fb; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
#anomalies td.msg, #anomalies td.reasons { white-space: normal; }
td.msg { min-width: 20em; max-width: 40em; overflow-wrap: anywhere; }
#anomalies td.who { white-space: normal; min-width: 8em; max-width: 14em; overflow-wrap: anywhere; }
td.incident-id { font-size: 12px; }
.muted { color: var(--muted); font-size: 12px; }
td.reasons ul { margin: 0; padding-left: 1.1em; min-width: 20em; max-width: 34em; }
td.reasons li { overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 11px; font-weight: 600; letter-spacing: .03em; }
.none { color: var(--muted); font-style: italic; }
footer { padding: 8px 32px 24px; font-size: 12px; }
h2 .count { color: var(--muted); font-weight: normal; }
details.incident { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
details.incident[open] { background: #fbfcfd; }
details.incident > summary { cursor: pointer; padding: 7px 10px; overflow-wrap: anywhere; }
details.incident > summary:focus-visible { outline: 2px solid var(--accent); }
details.incident > *:not(summary) { margin-left: 12px; margin-right: 12px; }
details.incident dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 14px; margin-top: 4px; }
details.incident dt { color: var(--muted); }
details.incident dd { margin: 0; overflow-wrap: anywhere; }
details.incident dd ul { margin: 0; padding-left: 1.1em; }
details.more > summary { cursor: pointer; padding: 6px 2px; color: var(--accent); }
.outcome { color: var(--muted); font-size: 12px; }
.outcome.success { color: #b71c1c; font-weight: 600; }
table.events { border-collapse: collapse; font-size: 12px; margin-bottom: 6px; }
table.events th { text-align: left; background: #eef1f5; padding: 4px 6px; white-space: nowrap; }
table.events td { padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
table.events td.msg { white-space: normal; }
footer a { color: var(--accent); }
`;
