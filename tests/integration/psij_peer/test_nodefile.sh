#!/bin/bash
# psij-python's test_nodefile runs this: PSIJ_NODEFILE must have one line
# per process ($1 of them).
want="$1"
if [ -z "$want" ]; then echo "usage: $0 PROCESS_COUNT"; exit 3; fi
got=$(wc -l < "$PSIJ_NODEFILE")
if [ "$got" != "$want" ]; then
    echo "PSIJ_NODEFILE has $got lines, expected $want:"
    cat "$PSIJ_NODEFILE"
    exit 2
fi
