#!/usr/bin/env bash
# Send one message through the world's sending Postfix (which applies MTA-STS through mta-sts-daemon)
# to postmaster@DOMAIN, wait for the delivery attempt (at most $MTASTS_SEND_WAIT seconds, default 20)
# and print its outcome from the sender's log on one line:
#   sent | deferred <dsn> <reason> | bounced <dsn> <reason> | timeout
# A deferred message is then removed from the queue so it is not retried.
# Runs inside the world's namespace (re-enters it when called from outside).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: send.sh DOMAIN" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
NS=${MTASTS_NS:-mtasts}
RUN=${MTASTS_WORLD:-/run/mtasts-world/$NS}
[ "$(ip netns identify)" = "$NS" ] || exec ip netns exec "$NS" env MTASTS_WORLD="$RUN" "$0" "$@"
domain=$1 wait=${MTASTS_SEND_WAIT:-20}

queue_id=$(python3 - "$domain" <<'PY'
import smtplib, sys, email.utils
domain = sys.argv[1]
msg = (f"From: tester@sender.example.test\r\nTo: postmaster@{domain}\r\n"
       f"Subject: MTA-STS world test\r\nDate: {email.utils.formatdate()}\r\n"
       f"Message-ID: {email.utils.make_msgid(domain='sender.example.test')}\r\n\r\nA test message.\r\n")
with smtplib.SMTP("127.0.0.1", 25, local_hostname="client.example.test", timeout=10) as s:
    s.mail("tester@sender.example.test")
    code, reply = s.rcpt(f"postmaster@{domain}")
    if code != 250: sys.exit(f"sender refused the recipient: {code} {reply.decode()}")
    code, reply = s.data(msg.encode())
    if code != 250: sys.exit(f"sender refused the message: {code} {reply.decode()}")
    print(reply.decode().rsplit(" ", 1)[-1])  # "2.0.0 Ok: queued as 4Xb2..."
PY
)

log=$RUN/sender/maillog
deadline=$((SECONDS + wait))
while [ $SECONDS -lt $deadline ]; do
  line=$(grep -F " $queue_id: to=<postmaster@$domain>" "$log" | grep -F ' status=' | tail -n 1 || true)
  if [ -n "$line" ]; then
    status=$(sed -nE 's/.* status=([a-z]+).*/\1/p' <<<"$line")
    dsn=$(sed -nE 's/.* dsn=([0-9.]+),.*/\1/p' <<<"$line")
    reason=$(sed -nE 's/.* status=[a-z]+ \((.*)\)$/\1/p' <<<"$line")
    case "$status" in
      sent) echo sent ;;
      *) echo "$status $dsn $reason"
         postsuper -c "$RUN/sender/etc" -d "$queue_id" >/dev/null 2>&1 || true ;;
    esac
    exit 0
  fi
  sleep 0.2
done
postsuper -c "$RUN/sender/etc" -d "$queue_id" >/dev/null 2>&1 || true
echo timeout
