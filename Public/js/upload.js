// 上传进度: a form that sends a file shows how much has gone (the page works without this script:
// the form then posts as usual and the browser shows its own progress).
(function () {
  "use strict";
  function megabytes(bytes) { return (bytes / 1048576).toFixed(1) + " MB"; }

  function attach(form) {
    var input = form.querySelector('input[type="file"]');
    if (!input || !window.FormData || !window.XMLHttpRequest) { return; }
    var status = document.createElement("p");
    status.className = "upload-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.hidden = true;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var text = document.createElement("span");
    status.appendChild(bar);
    status.appendChild(text);
    form.appendChild(status);

    form.addEventListener("submit", function (event) {
      if (!input.files || input.files.length === 0) { return; }
      event.preventDefault();
      var buttons = form.querySelectorAll('button[type="submit"]');
      buttons.forEach(function (b) { b.disabled = true; });
      status.hidden = false;
      text.textContent = " 正在上传 " + input.files[0].name + "……";
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        bar.value = Math.floor(e.loaded * 100 / e.total);
        text.textContent = " 已上传 " + megabytes(e.loaded) + " / " + megabytes(e.total) + "(" + bar.value + "%)";
      });
      xhr.upload.addEventListener("load", function () { text.textContent = " 上传完成,正在检查文件……"; });
      xhr.addEventListener("load", function () {
        // Saved: the server redirected to the page with its notice. Refused: it answered with the
        // page and the reason, shown as it would be without this script.
        if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== form.action) {
          window.location.href = xhr.responseURL;
          return;
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () {
        buttons.forEach(function (b) { b.disabled = false; });
        text.textContent = " 上传中断(网络连接出错),未保存。请检查网络后重新上传。";
      });
      xhr.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('form[enctype="multipart/form-data"][data-upload]').forEach(attach);
  });
})();
