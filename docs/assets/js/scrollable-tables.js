// A table wider than the column scrolls sideways inside Material's wrapper. A box that scrolls
// must take the keyboard focus, or it cannot be scrolled without a mouse (WCAG 2.1.1).
(() => {
  const focusable = () => {
    for (const box of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    }
  };
  window.addEventListener("load", focusable);
  window.addEventListener("resize", focusable);
})();
