/** The channel live views LISTEN on (hub.ts); lib/orders/order-notify.ts sends one notice per committed order event. */
export const ORDER_STATUS_CHANNEL = "order_status";
