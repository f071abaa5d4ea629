#!/bin/sh
# The lane's recording hook (npm run test:claude): `record-hook.sh DIR` stores the event's JSON
# from stdin as one new file in DIR, written aside and renamed so a reader never sees half of it.
part=$(mktemp "$1/.part.XXXXXX") || exit 0
cat >"$part" && mv -f "$part" "$1/payload${part##*/.part}.json"
exit 0
