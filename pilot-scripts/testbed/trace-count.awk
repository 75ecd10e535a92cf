# Counts file-system calls under a path prefix in `strace -f -y` output (see testbed.sh
# trace-count). Usage: awk -v prefix=/shared/app -f trace-count.awk FILE.strace...
# Each file is read twice: pass 1 learns who created whom (clone/fork/vfork), pass 2 charges each
# call to its process (threads folded into it) and to the program the process ran at that moment.
# Output: "NODE PID CALLS PROGRAM ARGV" per process and program, then "total CALLS".
BEGIN {
  n = ARGC
  for (i = 1; i < n; i++) { ARGV[ARGC++] = ARGV[i] }   # second pass over the same files
}
FNR == 1 { pass = (seenfile[FILENAME]++ ? 2 : 1); node = FILENAME; sub(/.*\//, "", node); sub(/\.strace$/, "", node) }

# Joins "<unfinished ...>" halves with their "<... NAME resumed>" ends; returns "" for a first half.
function complete(tid, text,    key) {
  key = pass SUBSEP node SUBSEP tid
  if (text ~ /<unfinished \.\.\.>$/) { sub(/ *<unfinished \.\.\.>$/, "", text); stash[key] = text; return "" }
  if (text ~ /^<\.\.\. [a-z0-9_]+ resumed>/) { sub(/^<\.\.\. [a-z0-9_]+ resumed> ?/, "", text); text = stash[key] text; delete stash[key] }
  return text
}

function under(p) { return p == prefix || index(p, prefix "/") == 1 }

# Does the call name a path under prefix? An absolute path argument decides; else (relative,
# empty or no path) the directory fd in the first argument, as decoded by -y, does.
function touches(s,    q, d) {
  if (s ~ /^getcwd\(/) return 0   # answered from the kernel's own record, no file-system access
  q = ""
  if (match(s, /"[^"]*"/)) q = substr(s, RSTART + 1, RLENGTH - 2)
  if (substr(q, 1, 1) == "/") return under(q)
  if (match(s, /^[a-z0-9_]+\([^,<)]*<[^>]*>/)) {
    d = substr(s, RSTART, RLENGTH); sub(/^[^<]*</, "", d); sub(/>$/, "", d)
    return under(d)
  }
  return 0
}

# The process (thread group) of a thread, and the program it runs, learnt on first sight.
function proc(tid,    k, p) {
  k = node SUBSEP tid
  if (k in tgid) return tgid[k]
  p = parent[k]
  if (p == "") { tgid[k] = tid; prog[k] = "(attached)"; args[k] = ""; return tid }
  p = proc(p)
  if (isthread[k]) { tgid[k] = p; return p }
  tgid[k] = tid; prog[k] = prog[node SUBSEP p]; args[k] = args[node SUBSEP p]
  return tid
}

{
  tid = $1
  if (tid !~ /^[0-9]+$/) next
  text = $0; sub(/^[0-9]+ +/, "", text)
  text = complete(tid, text)
  if (text == "") next
  gsub(/\) +=/, ") =", text)   # strace pads resumed lines to a column
}

pass == 1 {
  if (text ~ /^(clone|clone3|fork|vfork)\(/ && match(text, /\) = [0-9]+$/)) {
    child = substr(text, RSTART + 4, RLENGTH - 4)
    parent[node SUBSEP child] = tid
    isthread[node SUBSEP child] = (text ~ /CLONE_THREAD/)
  }
  next
}

{
  p = proc(tid)
  k = node SUBSEP p
  if (text ~ /^execve(at)?\(/ && text ~ /\) = 0$/) {
    q = text; match(q, /"[^"]*"/); prog[k] = substr(q, RSTART + 1, RLENGTH - 2)
    a = text
    if (match(a, /, \[.*\], /)) { a = substr(a, RSTART + 3, RLENGTH - 6) } else a = ""
    gsub(/"/, "", a); gsub(/, /, " ", a); args[k] = a
  }
  if (touches(text)) {
    key = node SUBSEP p SUBSEP prog[k] SUBSEP args[k]
    if (!(key in count)) order[++nkeys] = key
    count[key]++
    total++
  }
}

END {
  for (i = 1; i <= nkeys; i++) {
    split(order[i], f, SUBSEP)
    printf "%s %s %d %s %s\n", f[1], f[2], count[order[i]], f[3], f[4]
  }
  printf "total %d\n", total
}
