export { imageRoute as GET } from '@/server/participation/routes';
