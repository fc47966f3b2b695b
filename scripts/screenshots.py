#!/usr/bin/env python3
"""Signs in as a given demo user and saves screenshots of the given pages (for looking at them).

usage: screenshots.py BASE_URL USERNAME OUTDIR WIDTH path [path ...]
"""
import sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

base, user, outdir, width, *paths = sys.argv[1:]
opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},900"):
    opts.add_argument(a)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
try:
    driver.get(base + "/login")
    if user != "-":
        driver.find_element(By.NAME, "username").send_keys(user)
        driver.find_element(By.NAME, "password").send_keys("fazhi-demo-2026")
        driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    for i, path in enumerate(paths):
        driver.get(base + path)
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(int(width), min(max(height, 600), 6000))
        name = f"{outdir}/{user}-{i:02d}-{path.strip('/').replace('/', '_') or 'home'}.png"
        driver.save_screenshot(name.split("?")[0])
        print(name.split("?")[0])
finally:
    driver.quit()
