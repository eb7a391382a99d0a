// Mermaid shrinks a wide diagram to the column's width; on a phone its text becomes too small
// to read. Draw every diagram at its natural size instead: its box scrolls sideways (course.css).
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
})();
