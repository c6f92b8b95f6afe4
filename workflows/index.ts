// The worker's workflowsPath: every workflow type the `lead-agent` task queue runs.
export { leadWorkflow } from './lead';
