from qa_tui.cli import main

main()
