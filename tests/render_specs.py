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

# A web shop sending paid orders to a warehouse that has only an SFTP folder (another
# organisation's) and, through an integration platform, to accounting: every field the
# document needs for signing (ways in, owners, peaks, the data field by field, personal
# data and its agreement, who is alerted), and a pattern the design contradicts.
DETAILED_SPEC = """\
spec: 1
title: Paid orders from the web shop to the warehouse and to accounting
why: Orders are re-typed by hand into the warehouse and accounting systems.
stakeholders:
  - {name: Dana Ortiz, role: project manager, organisation: Shopwise}
systems:
  - {id: shop, name: Web shop, kind: e-commerce platform, interface_kind: rest,
     interface: REST API v2 (/orders), owner: E-commerce team, third_party: false,
     api: true, events: true, skills: true}
  - {id: warehouse, name: Warehouse system, kind: warehouse management system,
     interface_kind: sftp, interface: /inbound/orders, owner: Boxhall Logistics,
     third_party: true, api: true, events: false, skills: true}
  - {id: zapflow, name: Zapflow, kind: integration platform, platform: true,
     interface_kind: webhook, interface: "https://hooks.zapflow.example/shop", owner: Finance IT,
     third_party: true, api: true, events: true, skills: true}
  - {id: ledger, name: Ledger, kind: accounting system, interface_kind: rest,
     interface: /api/invoices, owner: Finance, third_party: false, api: true, events: false,
     skills: false}
flows:
  - id: shop-to-warehouse
    data: Paid orders (order number, customer name, delivery address, items)
    fields:
      - {name: order number, source_field: id, destination_field: ORDER_NO, transform: as is,
         personal: false}
      - {name: customer name, source_field: billing.name, destination_field: CUST_NAME,
         transform: upper case, personal: true}
      - {name: delivery address, source_field: shipping.address, destination_field: ADDR,
         personal: true}
    sends: changes
    source: shop
    destination: warehouse
    mail_person: shop
    trigger: schedule
    schedule: every 15 minutes
    transport: sftp
    format: csv
    auth: {method: ssh-key, credential_name: WAREHOUSE_SFTP_KEY}
    business_logic: shop
    pattern: push
    personal_data: true
    personal_data_agreement: dpa
    personal_data_stored: Boxhall's data centre in Rotterdam (EU)
    volume: about 300 orders/day
    volume_peak: 3000 orders/day on Black Friday
    latency: 1 hour
    error_handling: The upload is retried three times, five minutes apart.
    alert_to: E-commerce on-call developer
    alert_within: 15 minutes
    resend_by: E-commerce team
  - id: shop-to-zapflow
    data: Paid orders (order number, customer email, total)
    personal_fields: [customer email]
    sends: changes
    source: shop
    destination: zapflow
    mail_person: shop
    trigger: event
    event: an order is paid
    transport: webhook
    webhook_registration: api
    format: json
    auth: {method: api-key}
    business_logic: zapflow
    pattern: embed
    personal_data: true
    personal_data_agreement: none
    personal_data_stored: Zapflow's EU region
    volume: about 300 orders/day
    latency: 5 minutes
    error_handling: Zapflow retries for a day.
    alert_to: Finance IT
    alert_within: at once
    resend_by: Finance IT
  - id: zapflow-to-ledger
    data: Invoices
    source: zapflow
    destination: ledger
    mail_person: zapflow
    trigger: event
    event: a paid order arrives at Zapflow
    transport: rest
    format: json
    auth: {method: oauth2-jwt-bearer}
    business_logic: zapflow
    pattern: clone
    personal_data: false
    sends: everything
    volume: about 300 invoices/day
    latency: 5 minutes
    error_handling: Zapflow retries for a day.
    alert_to: Finance IT
    alert_within: at once
    resend_by: Finance IT
"""
