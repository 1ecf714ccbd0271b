export { RebuttalWorkspace, type RebuttalWorkspaceProps } from './RebuttalWorkspace.tsx';
