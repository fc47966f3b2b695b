// 打印按钮: prints the page (the print stylesheet lays it out on A4). Without scripts, the browser's own print works the same.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
