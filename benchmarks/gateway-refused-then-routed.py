#!/usr/bin/env python3
# Reproduced a gateway bug, fixed 2026-12-03 by reactor-netty 1.3.8 (reactor/reactor-netty#4361; the root pom, and
# gateway's GatewayKeepAliveIT, which failed with 18 of 400 routed requests unanswered before the upgrade): on one
# kept-alive connection, an anonymous POST refused by the gateway with 401, then a POST with a student's token
# routed to progress-service (403 there): about one second request in forty was never answered. Against
# progress-service directly (port 8084): never. Kept to measure it against a running platform.
# Usage, with ./meca up running: write a student's access token to ./token, then
#   python3 benchmarks/gateway-refused-then-routed.py        (gateway, 8080)
# Measured 2026-12-03 with reactor-netty 1.3.6: gateway 7 timeouts in 300 pairs (JDK HttpClient: 8 in 300); direct 0 in 300.
import http.client, uuid, time, collections
tok=open('token').read().strip()
c=http.client.HTTPConnection('localhost',8080,timeout=10)
st=collections.Counter(); hangs=0
for i in range(300):
    for auth in (None, tok):
        h={'Content-Type':'application/json'}
        if auth: h['Authorization']='Bearer '+auth
        try:
            c.request('POST','/api/progress/admin/certificates/%s/revocation'%uuid.uuid4(),body='{"reason":"FRAUD"}',headers=h)
            r=c.getresponse(); r.read(); st[r.status]+=1
            if r.getheader('connection','').lower()=='close': c.close(); c=http.client.HTTPConnection('localhost',8080,timeout=10)
        except Exception as e:
            hangs+=1; st[type(e).__name__]+=1; c.close(); c=http.client.HTTPConnection('localhost',8080,timeout=10)
print(dict(st),'failures',hangs)
