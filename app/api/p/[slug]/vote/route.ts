export { voteRoute as POST } from '@/server/participation/routes';
