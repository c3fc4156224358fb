from rangemap.cli import main

raise SystemExit(main())
