#!/usr/bin/env python
from scrutiny.__main__ import main

if __name__ == "__main__":
    main()
