import { GetObjectCommand, HeadBucketCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ImageStore } from './store';
import { readEnv } from '../env';

/**
 * Images in an S3-compatible object store: IMAGE_STORE=s3://bucket/prefix, with the AWS SDK's usual settings
 * (AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL_S3 or S3_ENDPOINT for a non-AWS
 * endpoint, S3_FORCE_PATH_STYLE=1 for servers that need path-style addresses such as MinIO).
 */
export class S3ImageStore implements ImageStore {
  readonly description: string;
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    this.description = `S3 bucket ${bucket}${prefix ? ` under ${prefix}/` : ''}`;
  }

  static fromUrl(url: string): S3ImageStore {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
    if (!match) throw new Error(`IMAGE_STORE=${url} is not s3://bucket/prefix`);
    const settings = readEnv(); // validated (server/env.ts)
    const endpoint = settings.S3_ENDPOINT || settings.AWS_ENDPOINT_URL_S3 || settings.AWS_ENDPOINT_URL || undefined;
    const client = new S3Client({
      region: settings.AWS_REGION,
      endpoint,
      forcePathStyle: settings.S3_FORCE_PATH_STYLE === '1',
      maxAttempts: 3,
    });
    return new S3ImageStore(client, match[1]!, (match[2] ?? '').replace(/\/+$/, ''));
  }

  private objectKey(key: string) {
    return this.prefix ? `${this.prefix}/${key}.png` : `${key}.png`;
  }

  async put(key: string, png: Buffer) {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: png, ContentType: 'image/png' }));
  }

  async get(key: string) {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async ping() {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }
}
