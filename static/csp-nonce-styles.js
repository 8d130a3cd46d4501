// Give the page's CSP nonce to every <style> element a script creates. Redoc's bundle adds its
// stylesheets the moment it loads, before Redoc.init can hand it the nonce, and a content
// security policy without 'unsafe-inline' blocks a <style> without one. Markup injected into the
// page is not affected: the parser does not call createElement, so only the scripts the policy
// already lets run can add styles. Load this before the bundle, with the nonce.
"use strict";
(function () {
  const nonce = document.currentScript && document.currentScript.nonce;
  if (!nonce) {
    return;
  }
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (name, options) {
    const element = createElement.call(this, name, options);
    if (String(name).toLowerCase() === "style") {
      element.nonce = nonce;
    }
    return element;
  };
})();
