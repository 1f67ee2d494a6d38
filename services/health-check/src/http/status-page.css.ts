/** Mobile-first styles of the status page; inlined so the page is one request and needs no build. */
export const STATUS_PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d2330}
header{padding:16px;background:#1d2330;color:#fff}
h1{margin:0 0 8px;font-size:1.3rem}
.overall{display:inline-block;margin:0;padding:4px 10px;border-radius:999px;font-weight:600}
.overall-pass{background:#1f883d}.overall-warn{background:#bf8700}.overall-fail{background:#cf222e}
.explain{margin:8px 0 0;overflow-wrap:anywhere}
.updated{margin:4px 0 0;font-size:.8rem;opacity:.8}
main{padding:12px;max-width:960px;margin:0 auto}
.targets{list-style:none;margin:0;padding:0;display:grid;gap:10px;grid-template-columns:1fr}
@media (min-width:700px){.targets{grid-template-columns:1fr 1fr}}
.target{background:#fff;border-radius:8px;padding:12px;border-left:6px solid #8c959f;min-width:0}
.state-up{border-left-color:#1f883d}.state-down{border-left-color:#cf222e}.state-blocked{border-left-color:#bf8700}
.row{display:flex;justify-content:space-between;align-items:center;gap:8px}
.name{font-weight:600;overflow-wrap:anywhere}
.type{font-size:.75rem;color:#57606a;margin-left:6px}
.badge{flex:none;padding:2px 8px;border-radius:4px;font-size:.8rem;font-weight:600;color:#fff;background:#8c959f}
.state-up .badge{background:#1f883d}.state-down .badge{background:#cf222e}.state-blocked .badge{background:#bf8700}
.meta{display:flex;flex-wrap:wrap;gap:4px 14px;margin-top:6px;font-size:.85rem;color:#57606a}
.detail{margin:6px 0 0;font-size:.85rem;overflow-wrap:anywhere}
.blocked-by{color:#9a6700;font-weight:600}
.error{color:#a40e26}
.history{display:flex;gap:2px;list-style:none;margin:8px 0 0;padding:0;height:18px}
.history li{flex:1 1 0;max-width:12px;min-width:3px;border-radius:2px;background:#1f883d}
.history li.fail{background:#cf222e}
`;
