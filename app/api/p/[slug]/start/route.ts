export { startRoute as POST } from '@/server/participation/routes';
