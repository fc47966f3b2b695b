import FazhiServer

await FazhiMain.run()
