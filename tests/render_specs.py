"""Specs for the render tests: one that tries to break out of every format, and one
that leaves almost everything unknown."""

from __future__ import annotations

HOSTILE_SPEC = """\
spec: 1
title: "<script>alert('title')</script> | *stars* & [link](javascript:alert(1))"
why: "Line one <b>bold?</b>\\n# not a heading\\n- not a list | not a cell &amp; not an entity"
stakeholders:
  - {name: "Ann <img src=x onerror=alert(1)>", role: "PM | lead", organisation: "A&B *Corp*"}
systems:
  - {id: crm, name: "CRM <i>x</i>", api: true, events: true, skills: true,
     interface: 'REST "v2" <api>; path {a} [b]'}
  - {id: erp, name: "ERP & \\"Ledger\\"", api: true, events: false, skills: true}
flows:
  - id: crm-to-erp
    data: "Orders | with <script>pipes</script> and `ticks` (id, total)"
    source: crm
    destination: erp
    mail_person: crm
    mailbox: erp
    trigger: event
    event: "an order is <b>placed</b>; then #35; happens"
    transport: rest
    format: json
    auth: {method: api-key, credential_name: "KEY_<x>"}
    business_logic: crm
    pattern: push
    personal_data: false
    volume: "10 | day"
    latency: 1 minute
    error_handling: "Retry ``` three ``` times"
"""

UNKNOWN_SPEC = """\
spec: 1
systems:
  - {id: shop, name: Shop}
  - {id: warehouse, name: Warehouse}
flows:
  - id: shop-to-warehouse
    data: Paid orders
    source: shop
    destination: warehouse
"""
