-- CreateEnum
CREATE TYPE "ItemStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "Image" ADD COLUMN     "metrics" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "Generation" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "modelDir" TEXT NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelHash" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Generation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationItem" (
    "id" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "conditionId" TEXT NOT NULL,
    "status" "ItemStatus" NOT NULL DEFAULT 'PENDING',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "GenerationItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Generation_studyId_key" ON "Generation"("studyId");

-- CreateIndex
CREATE INDEX "GenerationItem_generationId_status_idx" ON "GenerationItem"("generationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "GenerationItem_promptId_conditionId_key" ON "GenerationItem"("promptId", "conditionId");

-- AddForeignKey
ALTER TABLE "Generation" ADD CONSTRAINT "Generation_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationItem" ADD CONSTRAINT "GenerationItem_generationId_fkey" FOREIGN KEY ("generationId") REFERENCES "Generation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationItem" ADD CONSTRAINT "GenerationItem_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationItem" ADD CONSTRAINT "GenerationItem_conditionId_fkey" FOREIGN KEY ("conditionId") REFERENCES "Condition"("id") ON DELETE CASCADE ON UPDATE CASCADE;
