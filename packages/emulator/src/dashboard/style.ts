// The dashboard's stylesheet: system fonts only (nothing is fetched), colours with at least 4.5:1
// contrast, one column on a phone and a wider grid from 900 px.

/** The stylesheet at `/_emulator/ui/app.css`. */
export const DASHBOARD_CSS = String.raw`
:root { --fg: #1a1a1a; --muted: #4a4a4a; --bg: #ffffff; --panel: #f4f5f7; --line: #c8ccd2;
  --accent: #0b57d0; --ok: #146c2e; --warn: #8a4b00; --bad: #b3261e; --bad-bg: #fdecea; --focus: #0b57d0; }
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
body { margin: 0; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; }
pre { white-space: pre-wrap; word-break: break-all; background: var(--panel); border: 1px solid var(--line); padding: 8px; margin: 4px 0; max-height: 320px; overflow: auto; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: 8px; }
.skip:focus { left: 8px; z-index: 2; }
header { padding: 12px 16px 0; border-bottom: 1px solid var(--line); position: sticky; top: 0; background: var(--bg); z-index: 1; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 16px; margin: 16px 0 8px; }
.live { margin: 0 0 8px; color: var(--muted); font-size: 13px; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; background: var(--muted); margin-right: 6px; }
.dot.on { background: var(--ok); }
.dot.off { background: var(--bad); }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
nav a { display: block; padding: 8px 12px; text-decoration: none; border-radius: 6px 6px 0 0; color: var(--fg); }
nav a[aria-current="page"] { background: var(--panel); border: 1px solid var(--line); border-bottom-color: var(--panel); font-weight: 600; }
main { padding: 16px; max-width: 1400px; }
main:focus { outline: none; }
.muted { color: var(--muted); }
.cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 10px; }
.card, .panel { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--bg); }
.panel { background: var(--panel); margin-bottom: 12px; }
.card.error { border-color: var(--bad); border-left: 6px solid var(--bad); background: var(--bad-bg); }
.card h3, .card h4 { margin: 0 0 6px; font-size: 15px; word-break: break-all; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }
.kv dt { color: var(--muted); }
.kv dd { margin: 0; word-break: break-all; }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; border: 1px solid currentColor; font-size: 12px; font-weight: 600; margin-left: 6px; }
.ok { color: var(--ok); } .warn { color: var(--warn); } .bad { color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; word-break: break-all; }
th { color: var(--muted); font-weight: 600; }
.table-wrap { overflow-x: auto; }
label { display: block; margin: 6px 0; font-weight: 500; }
label.check { display: inline-flex; gap: 6px; align-items: center; margin-right: 16px; }
input, select, textarea { font: inherit; display: block; width: 100%; max-width: 520px; padding: 6px 8px; margin-top: 2px; border: 1px solid #767676; border-radius: 4px; background: #fff; color: var(--fg); }
label.check input { width: auto; display: inline; margin: 0; }
button { font: inherit; padding: 7px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; margin-top: 6px; }
button.secondary { background: #fff; color: var(--accent); }
.danger button { background: var(--bad); border-color: var(--bad); }
.filters { display: flex; flex-wrap: wrap; gap: 12px; }
.filters label { min-width: 220px; }
#action-result { min-height: 1.5em; margin-bottom: 8px; font-weight: 600; }
ul.plain { list-style: none; padding: 0; }
ul.plain li { margin: 4px 0; }
details summary { cursor: pointer; color: var(--accent); }
@media (min-width: 900px) {
  #actions { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; align-items: start; }
  #actions[hidden] { display: none; }
  #actions > h2, #actions > p, #action-result { grid-column: 1 / -1; }
  .panel { margin-bottom: 0; }
}
`;
