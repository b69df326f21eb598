from claimmark.cli import main

raise SystemExit(main())
