// Mermaid shrinks a wide diagram to the column's width; on a phone its text becomes too small
// to read. Draw every diagram at its natural size instead: its box scrolls sideways (course.css),
// and takes the keyboard focus so that it scrolls without a mouse too.
// Material calls mermaid.initialize itself, after this file has run: add to its settings.
(() => {
  if (typeof mermaid === "undefined") return;
  const kinds = [
    "flowchart", "sequence", "class", "state", "er", "gantt", "journey", "pie",
    "requirement", "mindmap", "timeline", "gitGraph", "c4", "sankey", "xyChart", "block",
    "architecture", "quadrantChart", "packet", "radar",
  ];
  const initialize = mermaid.initialize.bind(mermaid);
  mermaid.initialize = (config = {}) => {
    const natural = { ...config };
    for (const kind of kinds) natural[kind] = { ...(config[kind] || {}), useMaxWidth: false };
    return initialize(natural);
  };
  const focusable = () => {
    for (const box of document.querySelectorAll("div.mermaid:not([tabindex])")) {
      box.setAttribute("tabindex", "0");
    }
  };
  new MutationObserver(focusable).observe(document.body, { childList: true, subtree: true });
})();
