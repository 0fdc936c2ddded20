import { orderStoryRoute } from "../../order-story-route";

export default orderStoryRoute("payout");
