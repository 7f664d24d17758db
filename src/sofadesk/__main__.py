from sofadesk.cli import main

main()
