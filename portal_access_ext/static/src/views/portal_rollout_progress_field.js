import {onWillDestroy} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {useDebounced} from "@web/core/utils/timing";
import {
    ProgressBarField,
    progressBarField,
} from "@web/views/fields/progress_bar/progress_bar_field";

/**
 * The progress bar of a portal rollout follows the job while it runs: the
 * scheduled action sends a bus notification to the admin who started it each
 * time it commits a batch (portal.rollout.job._notify_progress), and the view
 * showing that job reloads it, so that nobody has to click Refresh.
 */
export class PortalRolloutProgressField extends ProgressBarField {
    setup() {
        super.setup();
        const busService = useService("bus_service");
        const reload = useDebounced(() => this.props.record.model.load(), 300);
        const onProgress = ({job_id}) => {
            if (job_id === this.props.record.resId) {
                reload();
            }
        };
        busService.subscribe("portal_rollout_progress", onProgress);
        onWillDestroy(() =>
            busService.unsubscribe("portal_rollout_progress", onProgress)
        );
    }
}

registry.category("fields").add("portal_rollout_progressbar", {
    ...progressBarField,
    component: PortalRolloutProgressField,
});
