"""What a catalog system's webhook carries, as the vendor documents it: the body (an event
that wraps the record, the record itself, or whatever the sender's own rule defines),
the headers it adds, and the id a receiver tells a redelivery by. The mock senders
(simulate/vendor_webhooks.py) send this shape, and the receiving job
(templates/stub/vendors/webhook-receive.js.j2) and the Python engine read it."""

from __future__ import annotations

from dataclasses import dataclass

from mailroom.vendors.model import Signing
from mailroom.vendors.outbound import OUTBOUND_NS, QUOTES


@dataclass(frozen=True)
class Payload:
    """The body and headers of a vendor's webhook, and how a redelivery is told apart."""

    style: str  # "event" (Stripe), "resource" (Shopify, WooCommerce), "defined" (Zendesk),
    #             "batch" (HubSpot: an array of events, each a record) or "soap"
    #             (Salesforce's outbound messages: each Notification's sObject a record)
    body: str  # in words: what the body is
    record: tuple[str, ...]  # where the record (a batch's array) is in the run's state.data;
    #                          () when state.data is the record
    headers: tuple[str, ...]  # the headers the vendor adds, as it spells them
    source: str  # the page the body and headers rest on
    quote: str  # its sentence
    dedup: str  # in words: what the receiver tells a redelivery by
    dedup_source: str
    dedup_quote: str
    delivery_field: str | None = None  # the delivery's id in the body (Stripe's event id)
    delivery_header: str | None = None  # ... or in a header, as the vendor spells it
    key_fields: tuple[str, ...] = ()  # else the record's fields that make its key (joined
    #                                   by '@': an id and a version)
    todo: str = ""  # what the documentation leaves open, said in the job and transcript
    also: tuple[str, ...] = ()  # further pages (the vendor's own library's code)
    stand_ins: tuple[tuple[str, str], ...] = ()  # header -> the made-up value the mock sends


STRIPE = Payload(
    style="event",
    body=("an Event object: {id: evt_..., object: 'event', type: '<object>.updated', "
          "created, data: {object: the record, previous_attributes}, livemode, "
          "api_version, pending_webhooks, request}; the record is in data.object"),
    record=("data", "object"),
    headers=("Stripe-Signature",),
    source="https://docs.stripe.com/api/events/object",
    quote=("data.object: Object containing the API resource relevant to the event. For "
           "example, an invoice.created event will have a full invoice object as the value "
           "of the object key."),
    dedup="the event's id (evt_...), the same on every delivery of one event",
    dedup_source="https://docs.stripe.com/webhooks#handle-duplicate-events",
    dedup_quote=("Webhook endpoints might occasionally receive the same event more than "
                 "once. You can guard against duplicated event receipts by logging the event "
                 "IDs you've processed, and then not processing already-logged events."),
    delivery_field="id",
    todo=("which object's events the endpoint is subscribed to, and so what data.object "
          "is; the spec does not say: customer (customer.updated) stands in, as in the "
          "Stripe dialect's OBJECT"),
)

SHOPIFY = Payload(
    style="resource",
    body=("the resource itself (the order, customer, ... as the REST Admin API writes it), "
          "with the topic, shop and API version in headers"),
    record=(),
    headers=("X-Shopify-Topic", "X-Shopify-Hmac-SHA256", "X-Shopify-Shop-Domain",
             "X-Shopify-API-Version", "X-Shopify-Webhook-Id", "X-Shopify-Triggered-At",
             "X-Shopify-Event-Id"),
    source="https://shopify.dev/docs/apps/build/webhooks/delivery-structure",
    quote=("Every delivery includes a JSON body containing the full REST resource for the "
           "subscribed topic."),
    dedup="the X-Shopify-Webhook-Id header, the delivery's id",
    dedup_source="https://shopify.dev/docs/apps/build/webhooks/verify-deliveries",
    dedup_quote=("Each delivery includes an HMAC signature to confirm it came from Shopify, "
                 "and a delivery ID you can use to detect duplicates."),
    delivery_header="X-Shopify-Webhook-Id",
    todo=("the topic (X-Shopify-Topic) the subscription names, and so which resource the "
          "body is; the spec does not say: orders/updated stands in"),
    also=("https://github.com/Shopify/shopify-app-js/blob/main/packages/apps/shopify-api/"
          "lib/types.ts",),
    stand_ins=(("X-Shopify-Topic", "orders/updated"),
               ("X-Shopify-Shop-Domain", "example-shop.myshopify.com"),
               ("X-Shopify-API-Version", "2025-07")),
)

WOOCOMMERCE = Payload(
    style="resource",
    body=("the resource as the REST API (wc/v3) answers for it (GET /wc/v3/orders/<id> for "
          "an order), with topic, resource, event, webhook id, delivery id and the shop's "
          "address in X-WC-Webhook-* headers"),
    record=(),
    headers=("X-WC-Webhook-Source", "X-WC-Webhook-Topic", "X-WC-Webhook-Resource",
             "X-WC-Webhook-Event", "X-WC-Webhook-Signature", "X-WC-Webhook-ID",
             "X-WC-Webhook-Delivery-ID"),
    source="https://github.com/woocommerce/woocommerce/blob/trunk/plugins/woocommerce/"
           "includes/class-wc-webhook.php",
    quote=("$payload = wc_get_container()->get( RestApiUtil::class )->get_endpoint_data( "
           "\"/wc/{$version}/{$resource}s/{$resource_id}\" );"),
    dedup=("the record's id and date_modified_gmt: X-WC-Webhook-Delivery-ID is made anew "
           "for every delivery, so it cannot tell a repeated one"),
    dedup_source="https://github.com/woocommerce/woocommerce/blob/trunk/plugins/woocommerce/"
                 "includes/class-wc-webhook.php",
    dedup_quote=("Generate a new unique hash as a delivery id based on current time and "
                 "wehbook id."),
    key_fields=("id", "date_modified_gmt"),
    todo=("the topic the webhook is made for (order.updated stands in); the spec does not "
          "say"),
    stand_ins=(("X-WC-Webhook-Source", "https://shop.example/"),
               ("X-WC-Webhook-Topic", "order.updated"),
               ("X-WC-Webhook-Resource", "order"), ("X-WC-Webhook-Event", "updated"),
               ("X-WC-Webhook-ID", "1")),
)

ZENDESK = Payload(
    style="defined",
    body=("what the trigger or automation the webhook is connected to defines (its own "
          "JSON body); a webhook subscribed to Zendesk events sends the event's fixed "
          "schema instead"),
    record=(),
    headers=("x-zendesk-account-id", "x-zendesk-webhook-id",
             "x-zendesk-webhook-invocation-id", "x-zendesk-webhook-signature",
             "x-zendesk-webhook-signature-timestamp"),
    source="https://developer.zendesk.com/documentation/webhooks/anatomy-of-a-webhook-request/",
    quote=("If a webhook is connected to a trigger or automation, you can customize the "
           "HTTP method, format, and payload"),
    dedup="the x-zendesk-webhook-invocation-id header",
    dedup_source=("https://developer.zendesk.com/documentation/webhooks/"
                  "anatomy-of-a-webhook-request/"),
    dedup_quote="All webhook requests include the following HTTP headers:",
    delivery_header="x-zendesk-webhook-invocation-id",
    todo=("the body is what the Zendesk trigger's JSON body says: write it there with the "
          "spec's fields (here the record is taken to be the whole body). TODO(verify): the "
          "pages read list x-zendesk-webhook-invocation-id on every request and an "
          "invocation's attempts in the API, but do not say in words that a retry carries "
          "the same invocation id"),
    stand_ins=(("x-zendesk-account-id", "123456"),
               ("x-zendesk-webhook-id", "01F1KRFQ6BG29CNWFR60NK5FNY")),
)

HUBSPOT_WEBHOOKS = "https://developers.hubspot.com/docs/api/webhooks"

HUBSPOT = Payload(
    style="batch",
    body=("a JSON array of event objects (several in one request), each {objectId, "
          "propertyName, propertyValue, changeSource, eventId, subscriptionId, portalId, "
          "appId, occurredAt, subscriptionType, attemptNumber}; a JSON array is not an "
          "object, so Lightning's trigger (Plug's JSON parser) hands it to the job under "
          "state.data._json"),
    record=("_json",),
    headers=("X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp"),
    source="https://developers.hubspot.com/docs/faq/v1-request-validation",
    quote=('Request body: [{"eventId":1,"subscriptionId":12345,"portalId":62515,'
           '"occurredAt":1564113600000,"subscriptionType":"contact.creation"'),
    dedup=("each event's objectId and occurredAt (the object and the moment it changed): "
           "HubSpot documents no delivery id, and says its eventId is not guaranteed to be "
           "unique"),
    dedup_source=HUBSPOT_WEBHOOKS,
    dedup_quote=("HubSpot also does not guarantee that you'll only get a single notification "
                 "for an event. Though this should be rare, it is possible that HubSpot will "
                 "send you the same notification multiple times."),
    key_fields=("objectId", "occurredAt"),
    todo=("an event carries the object's id and, for a property change, the one property "
          "changed (propertyName, propertyValue), not the object: read the object (GET "
          "/crm/v3/objects/<type>/<objectId>) where the mapping needs more of it; "
          "contact.propertyChange stands in for the subscription type. TODO(verify): two "
          "changes of one object in the same millisecond would share a key"),
    also=(HUBSPOT_WEBHOOKS, "https://hexdocs.pm/plug/Plug.Parsers.JSON.html"),
)

HUBSPOT_SIGNING = Signing(
    style="method-uri-body-timestamp-base64",
    header="X-HubSpot-Signature-v3",
    timestamp_header="X-HubSpot-Request-Timestamp",
    secret="the app's client secret",
    signed=("a base64 HMAC-SHA256 of the request's method, its URL (https://..., with "
            "%3A, %2F, %3F, %40, %21, %24, %27, %28, %29, %2A, %2C and %3B decoded), the raw "
            "body and the timestamp (milliseconds, sent in X-HubSpot-Request-Timestamp); a "
            "timestamp older than 5 minutes is refused"),
    source=("https://developers.hubspot.com/docs/apps/developer-platform/build-apps/"
            "authentication/request-validation"),
    quote=("The X-HubSpot-Signature-v3 header will be an HMAC SHA-256 hash built using the "
           "client secret of your app combined with details of the request. It will also "
           "include a X-HubSpot-Request-Timestamp header."),
    tolerance=300,
    also=("https://github.com/HubSpot/hubspot-api-php/blob/master/lib/Utils/Signature.php",),
)

SALESFORCE = Payload(
    style="soap",
    body=("an outbound message: a SOAP 1.1 notifications element in " + OUTBOUND_NS
          + " (OrganizationId, ActionId, SessionId, EnterpriseUrl, PartnerUrl, then up to "
          "100 Notification elements, each an Id and an sObject holding the fields chosen "
          "in Setup), sent as text/xml and answered by a notificationsResponse whose Ack "
          "is true"),
    record=("soap",),
    headers=(),
    source=QUOTES["shape"][0],
    quote=QUOTES["shape"][1],
    dedup="each Notification's Id, the same on every delivery of that notification",
    dedup_source=QUOTES["repeat"][0],
    dedup_quote=QUOTES["repeat"][1],
    todo=("the object the outbound message is defined on and its fields (chosen in "
          "Setup) are not in the spec: each sObject's fields are taken as the record, "
          "by the names Salesforce gives them. Lightning's trigger reads only JSON, form "
          "and multipart bodies (its Plug.Parsers passes any other type unread) and "
          "answers with its own JSON, never an Ack, so a relay in front of the trigger "
          "must answer Salesforce's Ack and forward the SOAP text as {soap: <the XML>}. "
          "TODO(decide): that relay is not part of the stub; until one stands in front of "
          "the trigger, Salesforce resends every message for 24 hours"),
    also=(QUOTES["resend"][0],
          "https://github.com/OpenFn/lightning/blob/main/lib/lightning_web/plug_configs.ex"),
)

PAYLOADS: dict[str, Payload] = {
    "stripe": STRIPE, "shopify": SHOPIFY, "woocommerce": WOOCOMMERCE, "zendesk": ZENDESK,
    "hubspot": HUBSPOT, "salesforce": SALESFORCE,
}

