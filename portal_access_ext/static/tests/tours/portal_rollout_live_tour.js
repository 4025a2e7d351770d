import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

// An admin watches a queued portal rollout: when the scheduled action commits
// its batches, the job's form shows the progress and the outcome by itself,
// without a click on Refresh.
registry.category("web_tour.tours").add("portal_access_ext_rollout_live", {
    steps: () => [
        {
            content: "The rollout is queued",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Queued')",
        },
        {
            content: "nothing done yet",
            trigger: ".o_form_view .o_portal_rollout_progress:contains('0')",
        },
        {
            content: "The scheduler runs the rollout's scheduled action",
            trigger: ".o_form_view",
            run: async () => {
                const [, cronId] = await rpc("/web/dataset/call_kw", {
                    model: "ir.model.data",
                    method: "check_object_reference",
                    args: ["portal_access_ext", "ir_cron_portal_rollout"],
                    kwargs: {},
                });
                await rpc("/web/dataset/call_button/ir.cron/method_direct_trigger", {
                    model: "ir.cron",
                    method: "method_direct_trigger",
                    args: [[cronId]],
                    kwargs: {},
                });
            },
        },
        {
            content: "The form shows the progress, complete, without Refresh",
            trigger: ".o_form_view .o_portal_rollout_progress:contains('100')",
        },
        {
            content: "and the outcome",
            trigger:
                ".o_form_view .o_portal_rollout_outcome:contains('3 contacts: 3 granted')",
        },
        {
            content: "and the state",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});
