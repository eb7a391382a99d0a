// Material draws a code annotation's number with CSS inside an empty link, so screen readers
// (and axe's link-name rule) find a link without a name. Name each one as it appears.
(() => {
  const word = document.documentElement.lang.startsWith("es") ? "Nota" : "Annotation";
  const label = (root) => {
    for (const link of root.querySelectorAll(".md-annotation__index:not([aria-label])")) {
      const id = link.querySelector("[data-md-annotation-id]")?.dataset.mdAnnotationId;
      link.setAttribute("aria-label", id ? `${word} ${id}` : word);
    }
  };
  label(document);
  new MutationObserver(() => label(document)).observe(document.body, {
    childList: true,
    subtree: true,
  });
})();
