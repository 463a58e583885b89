#!/bin/sh
# bytes per record of a run's data journals: segment bytes / records (counts from manifest.json)
run="$1"
bytes=$(cat "$run"/*.data/*.seg | wc -c)
records=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]+"/manifest.json")); print(sum(v for k,v in m["journals"].items() if k.endswith(".data")))' "$run")
python3 -c "import sys; b,r=int(sys.argv[1]),int(sys.argv[2]); print(f'{b} bytes / {r} records = {b/r:.1f} B/record')" $bytes $records
