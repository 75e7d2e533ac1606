-- CreateEnum
CREATE TYPE "CheckKind" AS ENUM ('IDENTICAL', 'DEGRADED');

-- DropIndex
DROP INDEX "Comparison_imageAId_imageBId_key";

-- AlterTable
ALTER TABLE "Study" ADD COLUMN     "attentionCheckKinds" "CheckKind"[] DEFAULT ARRAY['IDENTICAL', 'DEGRADED']::"CheckKind"[],
ADD COLUMN     "plan" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "planFrozenAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "checkImageKey" TEXT,
ADD COLUMN     "checkKind" "CheckKind";

-- AlterTable
ALTER TABLE "Trial" ADD COLUMN     "leftFetchedAt" TIMESTAMP(3),
ADD COLUMN     "rightFetchedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Vote" ADD COLUMN     "serverResponseMs" INTEGER;

-- CreateTable
CREATE TABLE "ExploratoryAnalysis" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExploratoryAnalysis_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExploratoryAnalysis_studyId_name_key" ON "ExploratoryAnalysis"("studyId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Comparison_imageAId_imageBId_checkKind_key" ON "Comparison"("imageAId", "imageBId", "checkKind");

-- AddForeignKey
ALTER TABLE "ExploratoryAnalysis" ADD CONSTRAINT "ExploratoryAnalysis_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: the checks made before kinds existed were identical pairs; studies already open keep the default plan, frozen.
UPDATE "Comparison" SET "checkKind" = 'IDENTICAL' WHERE "isAttentionCheck";
UPDATE "Study" SET "planFrozenAt" = COALESCE("openedAt", CURRENT_TIMESTAMP) WHERE "status" <> 'DRAFT';
